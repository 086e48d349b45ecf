import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { cannedClient } from '@mcpkit/testing';
import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { SECRET_GLOBS } from '../src/config.js';
import { harnessPerTest } from './harness.js';
import type { CallOutcome, FsHarness } from './harness.js';

const harness = harnessPerTest();
const SECRET = 'DENIED-CONTENT-91c2';

type Call = [tool: string, args: Record<string, unknown>];

/** Every tool that takes a path, aimed at a denied file `path` or its parent directory `parent`. */
function callsAt(path: string, parent: string): Call[] {
  return [
    ['read_text_file', { path }],
    ['read_text_file', { path, tail: 5 }],
    ['read_text_file', { path, head: 5 }],
    ['read_file', { path }],
    ['read_media_file', { path }],
    ['read_multiple_files', { paths: [path] }],
    ['get_file_info', { path }],
    ['write_file', { path, content: 'PWNED' }],
    ['write_file', { path, content: 'PWNED', append: true }],
    ['edit_file', { path, edits: [{ oldText: SECRET, newText: 'PWNED' }] }],
    ['move_file', { source: path, destination: `${parent}/moved.txt` }],
    ['move_file', { source: parent, destination: `${parent}-moved` }],
    ['copy_path', { source: path, destination: `${parent}/copied.txt` }],
    ['copy_path', { source: parent, destination: `${parent}-copied`, recursive: true }],
    ['list_directory', { path: parent }],
    ['list_directory_with_sizes', { path: parent }],
    ['directory_tree', { path: parent }],
    ['search_files', { path: parent, pattern: '**/*' }],
    ['grep', { path: parent, pattern: 'DENIED', includeHidden: true, respectGitignore: false }],
    ['delete_path', { path }],
    ['delete_path', { path: parent, recursive: true }]
  ];
}

/**
 * The denied files' content anywhere in a result, or their name in the result of a call that did
 * not name them (a listing of the parent; an error may repeat the path it was given).
 */
function revealed(
  outcome: CallOutcome,
  args: Record<string, unknown>,
  names: readonly string[]
): string | undefined {
  const text = `${outcome.text}\n${JSON.stringify(outcome.structured ?? {})}`;
  if (text.includes(SECRET)) return 'content';
  const asked = JSON.stringify(args);
  return names.find(name => !asked.includes(JSON.stringify(name).slice(1, -1)) && text.includes(name));
}

async function attack(
  fs: FsHarness,
  targets: { path: string; parent: string; absolute: string }[],
  names: string[]
) {
  const escapes: string[] = [];
  for (const target of targets) {
    for (const [tool, args] of callsAt(target.path, target.parent)) {
      const outcome = await fs.call(tool, args);
      const what = revealed(outcome, args, names);
      if (what !== undefined) escapes.push(`${tool} ${JSON.stringify(args)} revealed ${what}`);
      if (!existsSync(target.absolute)) {
        escapes.push(`${tool} ${JSON.stringify(args)} removed the denied file`);
        return escapes;
      }
    }
  }
  return escapes;
}

describe('the deny list holds whatever roots a 2025 client offers', () => {
  const tree: TreeSpec = {
    app: {
      config: { 'prod-secrets.json': `{"key": "${SECRET}"}\n`, 'public.json': '{}\n' },
      'readme.md': 'hello\n'
    }
  };

  it.each(['stdio', 'http'] as const)(
    'every path tool refuses app/config/prod-secrets.json under a client root at app (%s)',
    async entry => {
      const roots: { uri: string }[] = [];
      const fs = await harness(tree, {
        era: 'legacy',
        entry,
        client: cannedClient({ roots }),
        deny: ['app/config/prod-secrets.json']
      });
      roots.push({ uri: pathToFileURL(fs.dir.resolve('app')).href });
      // The client's root is in force: relative paths resolve against it.
      expect((await fs.call('read_text_file', { path: 'readme.md' })).text).toBe('hello\n');
      const absolute = fs.dir.resolve('app/config/prod-secrets.json');
      const escapes = await attack(
        fs,
        [
          { path: 'config/prod-secrets.json', parent: 'config', absolute },
          { path: absolute, parent: fs.dir.resolve('app/config'), absolute }
        ],
        ['prod-secrets']
      );
      expect(escapes).toEqual([]);
      // What is not denied is still served beside it.
      expect((await fs.call('read_text_file', { path: 'config/public.json' })).text).toBe('{}\n');
    }
  );

  it('a client root naming the denied directory itself gains nothing', async () => {
    const roots: { uri: string }[] = [];
    const fs = await harness(tree, {
      era: 'legacy',
      client: cannedClient({ roots }),
      deny: ['app/config/**']
    });
    roots.push({ uri: pathToFileURL(fs.dir.resolve('app/config')).href });
    const read = await fs.call('read_text_file', { path: 'prod-secrets.json' });
    expect(read.isError).toBe(true);
    expect(read.text).toMatch(/deny list/);
    const listed = await fs.call('list_directory', { path: '.' });
    expect(listed.text).not.toContain('prod-secrets');
  });
});

describe('no character in a path escapes a deny rule', () => {
  const names = ['nl\ndir', 'cr\rdir', 'ls\u2028dir', 'ps\u2029dir'];
  const tree: TreeSpec = {
    'nl\ndir': { '.env': `${SECRET}\n` },
    'cr\rdir': { '.ssh': { id_ed25519: `${SECRET}\n` } },
    'ls\u2028dir': { '.env': `${SECRET}\n` },
    'ps\u2029dir': { 'key.pem': `${SECRET}\n` },
    'top\n': { '\nsecret.pem': `${SECRET}\n` },
    'plain.txt': 'fine\n'
  };

  it('refuses every path tool on denied files in directories named with line terminators', async () => {
    const fs = await harness(tree, { deny: [...SECRET_GLOBS] });
    const targets = [
      ['nl\ndir', '.env'],
      ['cr\rdir/.ssh', 'id_ed25519'],
      ['ls\u2028dir', '.env'],
      ['ps\u2029dir', 'key.pem'],
      ['top\n', '\nsecret.pem']
    ].map(([parent, name]) => ({
      path: `${parent}/${name}`,
      parent: parent as string,
      absolute: join(fs.dir.path, parent as string, name as string)
    }));
    const escapes = await attack(fs, targets, ['id_ed25519', 'secret.pem', 'key.pem']);
    expect(escapes).toEqual([]);
    for (const name of names) expect(existsSync(fs.dir.resolve(name))).toBe(true);
    expect((await fs.call('read_text_file', { path: 'plain.txt' })).text).toBe('fine\n');
  });
});

describe('a recursive delete leaves what the deny list covers', () => {
  it('refuses to delete a directory holding a denied entry, and says why without naming it', async () => {
    const fs = await harness(
      { project: { '.env': `${SECRET}\n`, src: { 'main.ts': 'x\n' } }, other: { 'a.txt': 'a\n' } },
      { deny: ['**/.env'] }
    );
    const outcome = await fs.call('delete_path', { path: 'project', recursive: true });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/deny list covers; nothing was deleted/);
    expect(outcome.text).not.toContain('.env');
    expect(existsSync(fs.dir.resolve('project/.env'))).toBe(true);
    expect(existsSync(fs.dir.resolve('project/src/main.ts'))).toBe(true);
    // Without a denied entry inside, the same call deletes.
    expect((await fs.call('delete_path', { path: 'other', recursive: true })).isError).toBe(false);
    expect(existsSync(fs.dir.resolve('other'))).toBe(false);
  });
});

describe('deny rules an operator writes in other ways', () => {
  it('hold with no operator directories, whatever root the client picks', async () => {
    const roots: { uri: string }[] = [];
    const fs = await harness(
      { proj: { config: { 'secrets.json': `${SECRET}\n`, 'public.json': '{}\n' } } },
      { era: 'legacy', client: cannedClient({ roots }), allow: [], deny: ['config/secrets.json'] }
    );
    for (const root of ['proj', 'proj/config']) {
      roots.splice(0, roots.length, { uri: pathToFileURL(fs.dir.resolve(root)).href });
      await fs.client.notification({ method: 'notifications/roots/list_changed' });
      const path = root === 'proj' ? 'config/secrets.json' : 'secrets.json';
      const read = await fs.call('read_text_file', { path: fs.dir.resolve('proj/config/secrets.json') });
      expect([root, read.isError, read.text.includes(SECRET)]).toEqual([root, true, false]);
      expect((await fs.call('read_text_file', { path })).text).not.toContain(SECRET);
      const listed = await fs.call('list_directory', { path: fs.dir.resolve('proj/config') });
      expect(listed.text).toContain('public.json');
      expect(listed.text).not.toContain('secrets.json');
    }
  });

  it('do not tell whether a denied directory exists', async () => {
    const answers: string[][] = [];
    for (const tree of [{ '.ssh': { id_rsa: `${SECRET}\n` } }, {}] as TreeSpec[]) {
      const fs = await harness(tree, { deny: ['**/.ssh/**', '**/.ssh'] });
      const texts: string[] = [];
      for (const [tool, args] of [
        ['get_file_info', { path: '.ssh/x' }],
        ['delete_path', { path: '.ssh/x' }],
        ['move_file', { source: '.ssh/x', destination: 'y' }],
        ['write_file', { path: '.ssh/x', content: 'x' }],
        ['list_directory', { path: '.ssh' }]
      ] as const) {
        const outcome = await fs.call(tool, args);
        expect(outcome.isError).toBe(true);
        texts.push(outcome.text);
      }
      answers.push(texts);
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  it('match ./, a trailing slash and zero-padded ranges as written, and refuse what would deny nothing', async () => {
    const fs = await harness(
      {
        config: { 'x.json': `${SECRET}\n` },
        secret: { 'a.txt': `${SECRET}\n` },
        logs: { 'v07.log': `${SECRET}\n` }
      },
      { deny: ['./config/x.json', 'secret/', 'logs/v{01..09}.log'] }
    );
    for (const path of ['config/x.json', 'secret/a.txt', 'logs/v07.log']) {
      const read = await fs.call('read_text_file', { path });
      expect([path, read.isError]).toEqual([path, true]);
    }
    const { createFilesystemContext } = await import('../src/context.js');
    for (const [pattern, problem] of [
      ['/etc/secret', /absolute path/],
      ['(a|b).key', /group \(a\|b\)/],
      ['!keep', /starts with "!"/],
      ['./', /allowed directory itself/]
    ] as const) {
      expect(() => createFilesystemContext({ ceiling: [], deny: [pattern] })).toThrow(problem);
    }
  });
});
