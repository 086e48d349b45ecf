import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateServer, nameProblem } from '../generate.mjs';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const HERE = join(import.meta.dirname, '..');

/** Root files a package's tools read (configs the package's own files extend or import). */
const ROOT_FILES = [
  'package.json',
  'pnpm-workspace.yaml',
  'tsconfig.base.json',
  'eslint.config.js',
  'vitest.shared.ts',
  '.prettierrc.json',
  '.prettierignore'
];
/** Workspace packages a generated server depends on, by where they live. */
const WORKSPACE = {
  '@mcpkit/core': 'packages/core',
  '@mcpkit/testing': 'packages/testing',
  '@mcpkit/bundle-bin': 'tooling/bundle-bin'
};

/**
 * A copy of the repository to generate into: its root configuration as files, its installed
 * dependencies and other packages linked. A generated server is checked there as it would be in the
 * repository, without touching the repository itself.
 */
async function workspaceCopy(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'mcpkit-gen-'));
  for (const file of ROOT_FILES) await copyFile(join(ROOT, file), join(copy, file));
  for (const directory of ['node_modules', 'packages', 'tooling'])
    await symlink(join(ROOT, directory), join(copy, directory));
  await mkdir(join(copy, 'servers'));
  await mkdir(join(copy, '.changeset'));
  return copy;
}

/**
 * What `pnpm install` would link for the new package: each of its dependencies, the workspace's
 * from their directories, the others as this package has them installed (the same catalog versions).
 */
async function linkDependencies(directory: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.devDependencies)) {
    const target =
      name in WORKSPACE
        ? join(ROOT, WORKSPACE[name as keyof typeof WORKSPACE])
        : await realpath(join(HERE, 'node_modules', name));
    await mkdir(join(directory, 'node_modules', name, '..'), { recursive: true });
    await symlink(target, join(directory, 'node_modules', name));
  }
  await mkdir(join(directory, 'node_modules/.bin'));
  await symlink(
    join(ROOT, 'tooling/bundle-bin/cli.mjs'),
    join(directory, 'node_modules/.bin/mcpkit-bundle-bin')
  );
}

/** Runs one of the package's own scripts, as `pnpm run` would (its bins and the workspace's on PATH). */
async function script(directory: string, name: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = manifest.scripts[name];
  expect(command, `the package has a ${name} script`).toBeDefined();
  const path = [join(directory, 'node_modules/.bin'), join(ROOT, 'node_modules/.bin'), process.env.PATH].join(
    ':'
  );
  try {
    await run('sh', ['-c', command as string], {
      cwd: directory,
      env: { ...process.env, PATH: path, FORCE_COLOR: '0' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 240_000
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${name} failed in the generated server:\n${stdout ?? ''}\n${stderr ?? ''}`.slice(0, 20_000),
      { cause: error }
    );
  }
}

const DESCRIPTION = `Weather alerts for a model: "today's" storms \\ floods.`;

describe('pnpm gen:server', () => {
  let copy: string;
  let written: string[];
  const directory = () => join(copy, 'servers/weather-alerts');

  beforeAll(async () => {
    copy = await workspaceCopy();
    written = await generateServer({
      name: 'weather-alerts',
      // Quotes and a backslash: prose in the README, string literals in code and JSON.
      description: DESCRIPTION,
      root: copy
    });
    await linkDependencies(directory());
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('writes the anatomy every server shares, a sample of each kind and a changeset', () => {
    expect(written).toEqual([
      '.changeset/weather-alerts-server.md',
      ...[
        'README.md',
        'bin/mcpkit-weather-alerts.js',
        'package.json',
        'src/cli.ts',
        'src/config.ts',
        'src/context.ts',
        'src/index.ts',
        'src/prompts/review-items.ts',
        'src/resources/catalogue.ts',
        'src/server.ts',
        'src/tools/define.ts',
        'src/tools/index.ts',
        'src/tools/list-items.ts',
        'src/version.ts',
        'test/contract.test.ts',
        'test/exported-errors.test.ts',
        'test/list-items.test.ts',
        'test/process-exits.test.ts',
        'tsconfig.build.json',
        'tsconfig.json',
        'vitest.config.ts'
      ].map(path => `servers/weather-alerts/${path}`)
    ]);
  });

  it('names everything after the server, in each spelling', async () => {
    const server = await readFile(join(directory(), 'src/server.ts'), 'utf8');
    expect(server).toContain('export const weatherAlertsDefinition');
    expect(server).toContain('export function createWeatherAlertsServer');
    expect(server).toContain("name: 'mcpkit-weather-alerts'");
    expect(await readFile(join(directory(), 'src/cli.ts'), 'utf8')).toContain(
      "envPrefix: 'MCPKIT_WEATHER_ALERTS'"
    );
    const manifest = JSON.parse(await readFile(join(directory(), 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      name: '@mcpkit/server-weather-alerts',
      description: DESCRIPTION,
      bin: { 'mcpkit-weather-alerts': './bin/mcpkit-weather-alerts.js' }
    });
    for (const path of written) expect(await readFile(join(copy, path), 'utf8')).not.toMatch(/__[a-zA-Z]+__/);
  });

  it('passes prettier, lint, typecheck, build and its own tests untouched', async () => {
    await run(join(ROOT, 'node_modules/.bin/prettier'), ['--check', ...written], { cwd: copy });
    await script(directory(), 'lint');
    await script(directory(), 'typecheck');
    await script(directory(), 'build');
    await script(directory(), 'test');
    const report = JSON.parse(await readFile(join(directory(), '.test-results/vitest.json'), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
    };
    expect(report.numFailedTests).toBe(0);
    expect(report.numPendingTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(30);
  }, 600_000);

  it("compiles and lints CONTRIBUTING.md's TypeScript examples, as files of a server", async () => {
    const guide = await readFile(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
    const examples = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(match => match[1] as string);
    expect(examples.length).toBeGreaterThanOrEqual(5);
    await mkdir(join(directory(), 'src/examples'));
    for (const [index, example] of examples.entries())
      await writeFile(join(directory(), `src/examples/contributing-${index + 1}.ts`), example);
    await script(directory(), 'typecheck');
    await script(directory(), 'lint');
  }, 300_000);

  it('refuses a bad or taken name with what to do instead', async () => {
    expect(nameProblem('', copy)).toMatch(/pnpm gen:server <name>/);
    for (const bad of [
      'Weather',
      'weather_alerts',
      '-weather',
      'weather-',
      '9lives',
      'a'.repeat(41),
      '../escape',
      'we ather'
    ])
      expect(nameProblem(bad, copy), bad).toMatch(/lower-case letters and digits/);
    expect(nameProblem('weather-alerts', copy)).toMatch(/exists already/);
    expect(nameProblem('weather', copy)).toBeUndefined();
    await expect(generateServer({ name: 'weather-alerts', root: copy })).rejects.toThrow(/exists already/);
    await expect(generateServer({ name: 'ok', description: 'two\nlines', root: copy })).rejects.toThrow(
      /one line/
    );
  });

  it('refuses reserved words and names the workspace takes, and leaves nothing behind on a failure', async () => {
    for (const reserved of ['class', 'package', 'await', 'mcpkit'])
      expect(nameProblem(reserved, copy), reserved).toMatch(/reserved word/);
    // The copy links the repository's packages and tooling: their names (and bins) are taken.
    for (const taken of ['core', 'testing', 'observability', 'bundle-bin', 'create-server'])
      expect(nameProblem(taken, copy), taken).toMatch(/taken by a package of the workspace/);
    for (const description of ['', '  ', 'two\nlines', 'x'.repeat(301)])
      await expect(generateServer({ name: 'fresh', description, root: copy })).rejects.toThrow(
        /--description/
      );
    // A changeset of that name already there: refused before anything is written.
    await writeFile(join(copy, '.changeset/stale-server.md'), 'left by someone\n');
    await expect(generateServer({ name: 'stale', root: copy })).rejects.toThrow(
      /exists already: remove it first/
    );
    expect(existsSync(join(copy, 'servers/stale'))).toBe(false);
    // Writing fails halfway (.changeset is a file where a directory must be): nothing is left.
    const broken = await mkdtemp(join(tmpdir(), 'mcpkit-gen-broken-'));
    try {
      for (const file of ['package.json', '.prettierrc.json'])
        await copyFile(join(ROOT, file), join(broken, file));
      await writeFile(join(broken, '.changeset'), 'not a directory\n');
      await expect(generateServer({ name: 'halfway', root: broken })).rejects.toThrow();
      expect(existsSync(join(broken, 'servers/halfway'))).toBe(false);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
