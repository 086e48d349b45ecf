import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ResolvedPath } from '../src/confine/resolve-within.js';
import { createHarness } from './harness.js';
import type { CallOutcome, FsHarness } from './harness.js';

const SECRET = 'TOP-SECRET-7f3a';
const MARKER = 'xq-outside-marker';

/** The tree: one allowed directory beside the places an attacker wants to reach. */
const TREE = {
  allowed: {
    'file.txt': 'inside\n',
    sub: { 'inner.txt': 'inner\n' },
    'link-out': { symlink: '../outside/secret.txt' },
    'link-dir-out': { symlink: '../outside' },
    'dangling-out': { symlink: '../outside/created-through-link.txt' },
    'link-in': { symlink: 'file.txt' },
    'loop-a': { symlink: 'loop-b' },
    'loop-b': { symlink: 'loop-a' },
    swap: { 'target.txt': 'inside swap\n' },
    deep: { level: { 'target.txt': 'inside deep\n' } }
  },
  'allowed-evil': { 'secret.txt': `${SECRET}\n`, [`${MARKER}-evil.txt`]: SECRET },
  outside: {
    'secret.txt': `${SECRET}\n`,
    [`${MARKER}.txt`]: SECRET,
    'target.txt': `${SECRET}\n`,
    level: { 'target.txt': `${SECRET}\n` }
  }
};

/** Path inputs that try to leave `allowed` (relative ones resolve against it). */
function corpus(base: string): string[] {
  const allowed = join(base, 'allowed');
  return [
    '../outside/secret.txt',
    '../outside',
    `${base}/outside/secret.txt`,
    `${allowed}/../outside/secret.txt`,
    `${allowed}/sub/../../outside/secret.txt`,
    `${allowed}-evil/secret.txt`,
    `${allowed}-evil`,
    '../allowed-evil/secret.txt',
    'link-out',
    'link-dir-out',
    'link-dir-out/secret.txt',
    'link-dir-out/new-file.txt',
    'dangling-out',
    'loop-a',
    'file.txt\0../../outside/secret.txt',
    '..\\outside\\secret.txt',
    'C:\\Windows\\system.ini',
    '\\\\server\\share\\secret.txt',
    '/etc/passwd',
    '/',
    '~/.bashrc',
    'file:///etc/passwd',
    `file://${base}/outside/secret.txt`,
    '\uFF0E\uFF0E/outside/secret.txt',
    '.\u2024/outside/secret.txt',
    'sub/%2e%2e/%2e%2e/outside/secret.txt',
    '....//outside/secret.txt',
    '/proc/self/root/etc/passwd',
    `/proc/self/cwd/../outside/secret.txt`,
    `${allowed}/./../outside/./secret.txt`,
    `${allowed}//..//outside//secret.txt`,
    `${allowed}/sub/../../allowed-evil/secret.txt`,
    `${base}/outside/../outside/secret.txt`,
    'cafe\u0301/../../outside/secret.txt'
  ];
}

type Call = [tool: string, args: Record<string, unknown>];

/** Every tool that takes a path, called with `path` in each path-taking position. */
function callsFor(path: string): Call[] {
  return [
    ['read_text_file', { path }],
    ['read_text_file', { path, tail: 5 }],
    ['read_file', { path }],
    ['read_media_file', { path }],
    ['read_multiple_files', { paths: [path, 'file.txt'] }],
    ['write_file', { path, content: 'PWNED' }],
    ['write_file', { path, content: 'PWNED', append: true }],
    ['write_file', { path: `${path}/x/y.txt`, content: 'PWNED', createParents: true }],
    ['edit_file', { path, edits: [{ oldText: SECRET, newText: 'PWNED' }] }],
    ['create_directory', { path: `${path}/made` }],
    ['create_directory', { path }],
    ['list_directory', { path }],
    ['list_directory_with_sizes', { path }],
    ['directory_tree', { path }],
    ['move_file', { source: path, destination: 'moved-in' }],
    ['move_file', { source: 'sub/inner.txt', destination: path }],
    ['search_files', { path, pattern: '**/*' }],
    ['get_file_info', { path }],
    ['grep', { path, pattern: 'SECRET' }],
    ['delete_path', { path, recursive: true }],
    ['copy_path', { source: path, destination: 'copied-in', recursive: true }],
    ['copy_path', { source: 'file.txt', destination: path }]
  ];
}

/** Everything outside `allowed`: names, link targets, modes and content hashes. */
async function snapshot(directory: string): Promise<string[]> {
  const lines: string[] = [];
  for (const name of (await readdir(directory)).sort()) {
    const path = join(directory, name);
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) lines.push(`${path} -> ${await readlink(path)}`);
    else if (stats.isDirectory()) lines.push(`${path}/ ${stats.mode}`, ...(await snapshot(path)));
    else
      lines.push(
        `${path} ${stats.mode} ${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')}`
      );
  }
  return lines;
}

function leaked(outcome: CallOutcome): boolean {
  const text = `${outcome.text}\n${JSON.stringify(outcome.structured ?? {})}`;
  return text.includes(SECRET) || text.includes(MARKER) || text.includes('root:x:0:0');
}

describe('path confinement: attack corpus against every path-taking tool', () => {
  let harness: FsHarness;
  let outsideBefore: string[];
  let base: string;

  beforeAll(async () => {
    harness = await createHarness(TREE, { allow: ['allowed'] });
    base = harness.dir.path;
    outsideBefore = [
      ...(await snapshot(join(base, 'outside'))),
      ...(await snapshot(join(base, 'allowed-evil')))
    ];
  });
  afterAll(() => harness.close());

  it('attacks every path-taking parameter of every tool the server lists', async () => {
    // A path parameter says it must be inside an allowed directory (pathArgument); a list of them
    // says so of its items. A new tool or parameter without an entry in callsFor fails here.
    interface Field {
      description?: string;
      items?: Field;
    }
    const takesPaths = (field: Field) =>
      [field.description, field.items?.description].some(text =>
        text?.includes('inside an allowed directory')
      );
    const { tools } = await harness.client.listTools();
    const parameters = tools.flatMap(tool =>
      Object.entries((tool.inputSchema.properties ?? {}) as Record<string, Field>)
        .filter(([, field]) => takesPaths(field))
        .map(([name]) => `${tool.name}.${name}`)
    );
    const attacked = new Set(
      callsFor('x').flatMap(([tool, args]) => Object.keys(args).map(name => `${tool}.${name}`))
    );
    expect(parameters.length).toBeGreaterThanOrEqual(18);
    expect(parameters.filter(parameter => !attacked.has(parameter))).toEqual([]);
  });

  it('refuses or contains every call: nothing outside changes and nothing outside is revealed', async () => {
    const escapes: string[] = [];
    const internal: string[] = [];
    let calls = 0;
    let refused = 0;
    for (const path of corpus(base)) {
      for (const [tool, args] of callsFor(path)) {
        const outcome = await harness.call(tool, args);
        calls++;
        if (outcome.isError) refused++;
        // A refusal says what was wrong; an internal error tells the model nothing.
        if (outcome.text.startsWith('Internal error')) internal.push(`${tool} ${JSON.stringify(args)}`);
        if (leaked(outcome)) escapes.push(`${tool} ${JSON.stringify(args)} revealed outside content`);
        const outsideNow = [
          ...(await snapshot(join(base, 'outside'))),
          ...(await snapshot(join(base, 'allowed-evil')))
        ];
        if (outsideNow.join('\n') !== outsideBefore.join('\n')) {
          escapes.push(`${tool} ${JSON.stringify(args)} changed files outside`);
          break;
        }
      }
    }
    process.stderr.write(`attack corpus: ${calls} calls, ${refused} refused, ${escapes.length} escapes\n`);
    expect(escapes).toEqual([]);
    expect(internal).toEqual([]);
    expect(calls).toBeGreaterThan(700);
    // Most of the corpus is refused outright; the rest act inside the allowed directory: literal
    // names (backslashes, lookalike dots) and entry operations on the links themselves (deleting
    // or moving a link never touches its target).
    expect(refused / calls).toBeGreaterThan(0.75);
  });
});

describe('path confinement: messages and legitimate paths', () => {
  let harness: FsHarness;
  let base: string;

  beforeAll(async () => {
    harness = await createHarness(TREE, { allow: ['allowed'] });
    base = harness.dir.path;
  });
  afterAll(() => harness.close());

  it('writes through a dangling symlink are refused, not followed', async () => {
    const outcome = await harness.call('write_file', { path: 'dangling-out', content: 'PWNED' });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/outside the allowed directories/);
    await expect(lstat(join(base, 'outside', 'created-through-link.txt'))).rejects.toThrow();
  });

  it('tells the model what was wrong and what to do', async () => {
    const outside = await harness.call('read_text_file', { path: '../outside/secret.txt' });
    expect(outside.text).toMatch(/outside the allowed directories[\s\S]*list_allowed_directories/);
    const viaLink = await harness.call('read_text_file', { path: 'link-out' });
    expect(viaLink.text).toMatch(/through a symlink/);
    const nul = await harness.call('read_text_file', { path: 'file.txt\0x' });
    expect(nul.text).toMatch(/NUL byte/);
    const prefix = await harness.call('read_text_file', { path: `${base}/allowed-evil/secret.txt` });
    expect(prefix.text).toMatch(/outside the allowed directories/);
  });

  it('still serves legitimate paths, including an inside symlink', async () => {
    expect((await harness.call('read_text_file', { path: 'link-in' })).text).toBe('inside\n');
    expect((await harness.call('read_text_file', { path: `${base}/allowed/sub/../file.txt` })).text).toBe(
      'inside\n'
    );
  });
});

describe('path confinement: a symlink swapped in between validation and use', () => {
  let harness: FsHarness;
  let base: string;
  let armed: { component: string; outside: string } | undefined;

  /** Replaces an already-validated directory with a symlink to the outside, once. */
  async function swap(resolved: ResolvedPath): Promise<void> {
    if (!armed || !resolved.real.includes(`/${armed.component}`)) return;
    const { component, outside } = armed;
    armed = undefined;
    const inside = join(base, 'allowed', component);
    await rename(inside, `${inside}-original`);
    await symlink(join(base, outside), inside);
  }

  async function restore(component: string): Promise<void> {
    const inside = join(base, 'allowed', component);
    const stats = await lstat(inside).catch(() => undefined);
    if (stats?.isSymbolicLink()) {
      await rm(inside);
      await rename(`${inside}-original`, inside);
    }
  }

  beforeAll(async () => {
    harness = await createHarness(TREE, { allow: ['allowed'], beforeUse: resolved => swap(resolved) });
    base = harness.dir.path;
    await mkdir(join(base, 'allowed', 'swap', 'empty-dir'));
  });
  afterAll(() => harness.close());

  const cases = [
    { component: 'swap', outside: 'outside', path: 'swap/target.txt' },
    { component: 'deep', outside: 'outside', path: 'deep/level/target.txt' },
    { component: 'swap', outside: 'outside', path: 'swap' }
  ];

  it.each(cases)('every tool refuses when $component is swapped for a link (path $path)', async testCase => {
    const before = await snapshot(join(base, 'outside'));
    const escapes: string[] = [];
    let refused = 0;
    const calls = callsFor(testCase.path);
    for (const [tool, args] of calls) {
      armed = { component: testCase.component, outside: testCase.outside };
      const outcome = await harness.call(tool, args);
      const wasArmed = armed === undefined;
      armed = undefined;
      await restore(testCase.component);
      if (leaked(outcome)) escapes.push(`${tool} revealed outside content`);
      if ((await snapshot(join(base, 'outside'))).join('\n') !== before.join('\n')) {
        escapes.push(`${tool} ${JSON.stringify(args)} changed files outside`);
        break;
      }
      if (wasArmed && outcome.isError) refused++;
    }
    expect(escapes).toEqual([]);
    expect(refused).toBeGreaterThan(calls.length / 2);
  });
});
