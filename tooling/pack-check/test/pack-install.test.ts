import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTempDir, createTempPostgresDatabase } from '@mcpkit/testing';
import type { TempDir, TempPostgresDatabase } from '@mcpkit/testing';

import { ROOT, WORKSPACE_PACKAGES } from './workspace.js';

/** Every package users install from npm. */
const PUBLISHED = WORKSPACE_PACKAGES.filter(each => each.published).map(each => each.directory);
/** What one published tarball may weigh, packed: the bundled bin with its dependencies inside. */
const MOST_PACKED_BYTES = 1_000_000;

/** The servers' peer dependencies from npm (the @mcpkit ones come as tarballs), as `name@version`. */
function peersOfServers(): string[] {
  const peers = new Set<string>();
  for (const directory of PUBLISHED.filter(each => each.startsWith('servers/'))) {
    const manifest = JSON.parse(readFileSync(join(ROOT, directory, 'package.json'), 'utf8')) as {
      peerDependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (name.startsWith('@mcpkit/')) continue;
      // The version the workspace resolved (the manifest says `catalog:`).
      const installed = JSON.parse(
        readFileSync(join(ROOT, directory, 'node_modules', name, 'package.json'), 'utf8')
      ) as { version: string };
      peers.add(`${name}@${installed.version}`);
    }
  }
  return [...peers];
}

/** Runs a command to its end; throws with its output when it fails. */
function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`
    );
  return `${result.stdout}${result.stderr}`;
}

/** pnpm as this test runs under it (turbo under pnpm), else the version the README names. */
function pnpm(args: readonly string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  return execPath?.includes('pnpm')
    ? run(process.execPath, [execPath, ...args], cwd)
    : run('npx', ['-y', 'pnpm@10.34.8', ...args], cwd);
}

/** Starts an installed bin over stdio, sends requests one by one, and returns each answer. */
async function ask(
  bin: string | readonly [command: string, ...args: string[]],
  args: readonly string[],
  requests: readonly { method: string; params: Record<string, unknown> }[]
): Promise<{ result?: Record<string, unknown>; error?: unknown }[]> {
  const [command, ...leading] = typeof bin === 'string' ? [bin] : bin;
  const child = spawn(command, [...leading, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const answers: { result?: Record<string, unknown>; error?: unknown }[] = [];
  let buffer = '';
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answers in 20 s; stderr:\n${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        answers.push(JSON.parse(buffer.slice(0, end)) as { result?: Record<string, unknown> });
        buffer = buffer.slice(end + 1);
        const next = requests[answers.length];
        if (next === undefined) {
          clearTimeout(timer);
          resolve();
        } else child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: answers.length + 1, ...next })}\n`);
      }
    });
    child.once('exit', code => reject(new Error(`exited with ${code}; stderr:\n${stderr}`)));
  });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, ...requests[0] })}\n`);
  try {
    await done;
  } finally {
    child.stdin.end();
    child.kill();
  }
  return answers;
}

const INITIALIZE = {
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'pack-check', version: '0' }
  }
};

describe('the published packages, as users install them', () => {
  let packs: TempDir;
  /** What `npx @mcpkit/server-…` installs: a server's tarball alone. */
  let install: TempDir;
  /** What a program embedding the servers installs: every tarball, and the servers' peers. */
  let library: TempDir;
  let postgres: TempPostgresDatabase;
  let npmOutput: string;

  beforeAll(async () => {
    packs = await createTempDir({}, 'mcpkit-packs-');
    install = await createTempDir({ 'data.txt': 'packed and installed\n' }, 'mcpkit-install-');
    library = await createTempDir({}, 'mcpkit-library-');
    postgres = await createTempPostgresDatabase();
    for (const directory of PUBLISHED)
      pnpm(['pack', '--pack-destination', packs.path], join(ROOT, directory));
    // Plain npm, as npx would, refusing any dependency whose engines exclude this Node. Optional
    // dependencies (better-sqlite3, a native build) are left out: the memory bin runs on PostgreSQL.
    const npm = ['install', '--engine-strict', '--omit=optional', '--no-audit', '--no-fund'];
    const tarballs = readdirSync(packs.path).map(name => join(packs.path, name));
    run('npm', ['init', '-y'], install.path);
    npmOutput = run('npm', [...npm, ...tarballs.filter(file => file.includes('server-'))], install.path);
    run('npm', ['init', '-y'], library.path);
    npmOutput += run('npm', [...npm, ...tarballs, ...peersOfServers()], library.path);
  }, 300_000);
  afterAll(async () => {
    await postgres?.drop();
    await install?.cleanup();
    await library?.cleanup();
    await packs?.cleanup();
  });

  it('ship no source maps, stale chunks or tests, and stay small', () => {
    for (const name of readdirSync(packs.path)) {
      const listing = run('tar', ['tzvf', join(packs.path, name)], packs.path)
        .trim()
        .split('\n');
      const files = listing.map(line => line.split(/\s+/).at(-1) as string);
      expect(
        files.filter(file => file.endsWith('.map')),
        name
      ).toEqual([]);
      expect(
        files.filter(file => /\.test(-d)?\.|\/test\//.test(file)),
        name
      ).toEqual([]);
      // One bundle per bin: each chunk's name once (a stale build's chunks would be extra copies).
      const entries = files.filter(file => /dist\/bin\/cli\.js$/.test(file));
      expect(entries.length, name).toBeLessThanOrEqual(1);
    }
    const sizes = readdirSync(packs.path).map(name => ({
      name,
      bytes: Number(run('stat', ['-c', '%s', join(packs.path, name)], packs.path).trim())
    }));
    for (const { name, bytes } of sizes) expect(bytes, name).toBeLessThan(MOST_PACKED_BYTES);
  });

  it('install with plain npm under --engine-strict, without warnings about engines', () => {
    expect(npmOutput).not.toMatch(/EBADENGINE|Unsupported engine/);
  });

  it('pull no library-only dependency for a bin: the bundles need only what they leave out', () => {
    const installed = readdirSync(join(install.path, 'node_modules'));
    for (const libraryOnly of ['zod', 'kysely', '@modelcontextprotocol', 'pino', 'diff', 're2js'])
      expect(installed).not.toContain(libraryOnly);
    // Every server, and nothing of @mcpkit besides (core comes inside the bundles).
    expect(readdirSync(join(install.path, 'node_modules/@mcpkit')).sort()).toEqual(
      PUBLISHED.filter(each => each.startsWith('servers/'))
        .map(each => `server-${each.slice('servers/'.length)}`)
        .sort()
    );
  });

  it('serve as libraries where their peers are installed', () => {
    const script = `
      const { createFilesystemServer } = await import('@mcpkit/server-filesystem');
      const { createMemoryServer } = await import('@mcpkit/server-memory');
      const { createMcpkitServer } = await import('@mcpkit/core');
      console.log([createFilesystemServer, createMemoryServer, createMcpkitServer].map(f => typeof f).join(' '));`;
    expect(run(process.execPath, ['--input-type=module', '-e', script], library.path).trim()).toBe(
      'function function function'
    );
  });

  it('start the filesystem bin over stdio and answer a tool call', async () => {
    const bin = join(install.path, 'node_modules/.bin/mcpkit-filesystem');
    const answers = await ask(
      bin,
      [install.path],
      [
        INITIALIZE,
        { method: 'tools/call', params: { name: 'read_text_file', arguments: { path: 'data.txt' } } },
        // A regular expression runs in a worker thread: the bundle must carry it too.
        {
          method: 'tools/call',
          params: { name: 'grep', arguments: { pattern: 'pack.d', regex: true, path: '.' } }
        }
      ]
    );
    expect(answers[0]?.result?.serverInfo).toMatchObject({ name: 'mcpkit-filesystem' });
    expect(JSON.stringify(answers[1]?.result)).toContain('packed and installed');
    expect(answers[2]?.result?.isError ?? false).toBe(false);
    expect(JSON.stringify(answers[2]?.result)).toContain('data.txt');
  });

  it('start the memory bin over stdio on PostgreSQL and keep what it is told', async () => {
    await expectMemoryBin([join(install.path, 'node_modules/.bin/mcpkit-memory')]);
  });

  /**
   * The Node releases users run besides this one (20, the oldest supported), from the npm
   * registry's per-platform Node packages (what the `node` package installs): each starts both
   * bins as installed and answers over stdio.
   */
  describe.each(['22', '24'])('under Node %s', major => {
    let node: string;
    let nodes: TempDir;
    beforeAll(async () => {
      nodes = await createTempDir({}, `mcpkit-node${major}-`);
      run('npm', ['init', '-y'], nodes.path);
      const platform = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
      run('npm', ['install', '--no-audit', '--no-fund', `${platform}@${major}`], nodes.path);
      node = join(nodes.path, 'node_modules', platform, 'bin', 'node');
      expect(run(node, ['--version'], nodes.path).trim()).toMatch(new RegExp(`^v${major}\\.`));
    }, 300_000);
    afterAll(async () => {
      await nodes?.cleanup();
    });

    it('start the filesystem bin and answer a tool call', async () => {
      const bin = join(install.path, 'node_modules/@mcpkit/server-filesystem/bin/mcpkit-filesystem.js');
      const answers = await ask(
        [node, bin],
        [install.path],
        [
          INITIALIZE,
          { method: 'tools/call', params: { name: 'read_text_file', arguments: { path: 'data.txt' } } }
        ]
      );
      expect(answers[0]?.result?.serverInfo).toMatchObject({ name: 'mcpkit-filesystem' });
      expect(JSON.stringify(answers[1]?.result)).toContain('packed and installed');
    });

    it("pass the servers' contract suites (memory on PostgreSQL: better-sqlite3 is built for this Node only)", () => {
      const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
      for (const [directory, filter] of [
        ['servers/filesystem', []],
        ['servers/memory', ['-t', 'memory on postgres']]
      ] as const) {
        // A report of its own: the package's .test-results belong to its own run.
        const report = join(nodes.path, `${directory.replace('/', '-')}.json`);
        const args = ['run', 'test/contract.test.ts', '--reporter=json', `--outputFile=${report}`, ...filter];
        run(node, [vitest, ...args], join(ROOT, directory));
        const counts = JSON.parse(readFileSync(report, 'utf8')) as {
          numPassedTests: number;
          numFailedTests: number;
        };
        expect(counts.numFailedTests, directory).toBe(0);
        expect(counts.numPassedTests, directory).toBeGreaterThan(10);
      }
    }, 300_000);

    it('start the memory bin on PostgreSQL and keep what it is told', async () => {
      await expectMemoryBin([
        node,
        join(install.path, 'node_modules/@mcpkit/server-memory/bin/mcpkit-memory.js')
      ]);
    });
  });

  /** Starts the memory bin as `command`, creates an entity on PostgreSQL and finds it again. */
  async function expectMemoryBin(command: readonly [string, ...string[]]): Promise<void> {
    const answers = await ask(
      command,
      ['--database-url', postgres.url],
      [
        INITIALIZE,
        {
          method: 'tools/call',
          params: {
            name: 'create_entities',
            arguments: {
              entities: [{ name: 'Packed', entityType: 'test', observations: ['from a tarball'] }]
            }
          }
        },
        { method: 'tools/call', params: { name: 'search_nodes', arguments: { query: 'tarball' } } }
      ]
    );
    expect(answers[0]?.result?.serverInfo).toMatchObject({ name: 'mcpkit-memory' });
    expect(answers[1]?.result?.isError ?? false).toBe(false);
    expect(JSON.stringify(answers[2]?.result)).toContain('Packed');
  }
});
