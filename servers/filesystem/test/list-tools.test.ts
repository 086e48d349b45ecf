import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { InferToolInput, InferToolOutput, Tool } from '@mcpkit/core';
import { callTool } from '@mcpkit/testing';
import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { directoryTreeTool } from '../src/tools/directory-tree.js';
import { listDirectoryTool, listDirectoryWithSizesTool } from '../src/tools/list-directory.js';
import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

async function succeed<T extends Tool<never>>(
  fs: FsHarness,
  tool: T,
  args: InferToolInput<T>
): Promise<{ result: InferToolOutput<T>; text: string }> {
  const outcome = await callTool(fs.client, tool, args);
  expect(outcome.isError, outcome.text).toBe(false);
  return { result: outcome.structured!, text: outcome.text };
}

const project: TreeSpec = {
  'README.md': '# readme\n',
  '.env': 'SECRET=1\n',
  src: {
    'index.ts': 'export {};\n',
    lib: { 'util.ts': 'export const x = 1;\n', deep: { 'leaf.ts': '' } }
  },
  node_modules: { pkg: { 'index.js': '' } },
  packages: { app: { node_modules: { dep: { 'index.js': '' } }, 'main.ts': '' } },
  'link-to-src': { symlink: 'src' }
};

describe('directory_tree', () => {
  it('lists depth-first in name order with types and depths, and renders the official JSON tree', async () => {
    const fs = await harness(project);
    const { result, text } = await succeed(fs, directoryTreeTool, { path: fs.dir.resolve('src') });
    expect(result).toEqual({
      path: fs.dir.resolve('src'),
      entries: [
        { path: 'index.ts', type: 'file', depth: 1 },
        { path: 'lib', type: 'directory', depth: 1 },
        { path: 'lib/deep', type: 'directory', depth: 2 },
        { path: 'lib/deep/leaf.ts', type: 'file', depth: 3 },
        { path: 'lib/util.ts', type: 'file', depth: 2 }
      ],
      truncated: false
    });
    expect(JSON.parse(text)).toEqual([
      { name: 'index.ts', type: 'file' },
      {
        name: 'lib',
        type: 'directory',
        children: [
          { name: 'deep', type: 'directory', children: [{ name: 'leaf.ts', type: 'file' }] },
          { name: 'util.ts', type: 'file' }
        ]
      }
    ]);
  });

  it('lists symlinks without following them, and hidden names by default', async () => {
    const fs = await harness(project);
    const { result, text } = await succeed(fs, directoryTreeTool, {
      path: fs.dir.path,
      maxDepth: 1
    });
    expect(result.entries).toEqual([
      { path: '.env', type: 'file', depth: 1 },
      { path: 'README.md', type: 'file', depth: 1 },
      { path: 'link-to-src', type: 'symlink', depth: 1 },
      { path: 'node_modules', type: 'directory', depth: 1 },
      { path: 'packages', type: 'directory', depth: 1 },
      { path: 'src', type: 'directory', depth: 1 }
    ]);
    // The official tree calls a symlink a file (it is not followed); structuredContent says symlink.
    expect(JSON.parse(text)).toContainEqual({ name: 'link-to-src', type: 'file' });
    const whole = await succeed(fs, directoryTreeTool, { path: fs.dir.path });
    expect(whole.result.entries.some(entry => entry.path.startsWith('link-to-src/'))).toBe(false);
    const noHidden = await succeed(fs, directoryTreeTool, {
      path: fs.dir.path,
      maxDepth: 1,
      includeHidden: false
    });
    expect(noHidden.result.entries.map(entry => entry.path)).not.toContain('.env');
  });

  it('stops at maxDepth', async () => {
    const fs = await harness(project);
    const { result } = await succeed(fs, directoryTreeTool, {
      path: fs.dir.resolve('src'),
      maxDepth: 2
    });
    expect(result.entries.map(entry => entry.path)).toEqual(['index.ts', 'lib', 'lib/deep', 'lib/util.ts']);
    expect(Math.max(...result.entries.map(entry => entry.depth))).toBe(2);
    expect(result.truncated).toBe(false);
  });

  it('stops at maxEntries and says so, but not when the tree has exactly that many', async () => {
    const fs = await harness(project);
    const cut = await succeed(fs, directoryTreeTool, {
      path: fs.dir.resolve('src'),
      maxEntries: 3
    });
    expect(cut.result.entries.map(entry => entry.path)).toEqual(['index.ts', 'lib', 'lib/deep']);
    expect(cut.result.truncated).toBe(true);
    expect(cut.result.reason).toMatch(/maxEntries \(3\)/);
    expect(cut.text.split('\n').at(-1)).toMatch(/^\[truncated: .*maxEntries/);
    const exact = await succeed(fs, directoryTreeTool, {
      path: fs.dir.resolve('src'),
      maxEntries: 5
    });
    expect(exact.result.entries).toHaveLength(5);
    expect(exact.result.truncated).toBe(false);
    expect(exact.result.reason).toBeUndefined();
  });

  it('excludes a plain name at any depth, and globs relative to the top (dir/** takes the dir too)', async () => {
    const fs = await harness(project);
    const { result } = await succeed(fs, directoryTreeTool, {
      path: fs.dir.path,
      excludePatterns: ['node_modules', 'src/lib/**', '*.md']
    });
    expect(result.entries.map(entry => entry.path)).toEqual([
      '.env',
      'link-to-src',
      'packages',
      'packages/app',
      'packages/app/main.ts',
      'src',
      'src/index.ts'
    ]);
  });

  it('leaves out what .gitignore ignores on request', async () => {
    const fs = await harness({
      '.gitignore': 'dist/\n*.log\n',
      '.git': { HEAD: '' },
      dist: { 'out.js': '' },
      'app.log': '',
      'main.ts': '',
      nested: { '.gitignore': 'tmp\n', tmp: { x: '' }, 'keep.ts': '' }
    });
    const ignoring = await succeed(fs, directoryTreeTool, {
      path: fs.dir.path,
      respectGitignore: true
    });
    expect(ignoring.result.entries.map(entry => entry.path)).toEqual([
      '.gitignore',
      'main.ts',
      'nested',
      'nested/.gitignore',
      'nested/keep.ts'
    ]);
    const all = await succeed(fs, directoryTreeTool, { path: fs.dir.path });
    expect(all.result.entries.map(entry => entry.path)).toEqual([
      '.git',
      '.git/HEAD',
      '.gitignore',
      'app.log',
      'dist',
      'dist/out.js',
      'main.ts',
      'nested',
      'nested/.gitignore',
      'nested/keep.ts',
      'nested/tmp',
      'nested/tmp/x'
    ]);
  });

  it('keeps a 20,000-file tree within the output budget and marks it truncated', async () => {
    const fs = await harness({});
    for (let directory = 0; directory < 20; directory++) {
      const path = fs.dir.resolve(`directory-number-${String(directory).padStart(2, '0')}`);
      await mkdir(path);
      await Promise.all(
        Array.from({ length: 1000 }, (_, index) =>
          writeFile(join(path, `a-reasonably-long-file-name-${index}.txt`), '')
        )
      );
    }
    const outcome = await fs.call('directory_tree', { path: fs.dir.path });
    expect(outcome.isError, outcome.text).toBe(false);
    const result = directoryTreeTool.output.parse(outcome.structured);
    expect(result.truncated).toBe(true);
    expect(result.reason).toMatch(/budget|maxEntries/);
    expect(result.entries.length).toBeGreaterThan(100);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(JSON.stringify([{ type: 'text', text: outcome.text }]))).toBeLessThanOrEqual(
      65_536
    );
    // Everything returned is a prefix of the full depth-first order.
    expect(result.entries[0]).toEqual({ path: 'directory-number-00', type: 'directory', depth: 1 });
    expect(result.entries[1]?.path).toBe('directory-number-00/a-reasonably-long-file-name-0.txt');
  }, 60_000);

  it('stays within a small budget even when names need JSON escaping', async () => {
    const tree: TreeSpec = {};
    // Control characters take six bytes each in JSON (\u0001): a byte count of the raw name is too low.
    const odd = '\u0001'.repeat(60);
    for (let index = 0; index < 300; index++) tree[`${odd}${index}`] = '';
    const fs = await harness(tree, { maxOutputBytes: 8192 });
    const outcome = await fs.call('directory_tree', { path: fs.dir.path });
    expect(outcome.isError, outcome.text).toBe(false);
    expect(directoryTreeTool.output.parse(outcome.structured).truncated).toBe(true);
  });

  it('refuses a file, and paths outside the allowed directories', async () => {
    const fs = await harness({ inside: { 'f.txt': '' }, outside: {} }, { allow: ['inside'] });
    const file = await fs.call('directory_tree', { path: fs.dir.resolve('inside/f.txt') });
    expect(file.isError).toBe(true);
    expect(file.text).toMatch(/is not a directory/);
    const outside = await fs.call('directory_tree', { path: fs.dir.resolve('outside') });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/outside the allowed directories/);
  });

  it('renders an empty directory', async () => {
    const fs = await harness({ empty: {} });
    const { result, text } = await succeed(fs, directoryTreeTool, {
      path: fs.dir.resolve('empty')
    });
    expect(result.entries).toEqual([]);
    expect(text).toBe('[]');
  });
});

describe('list_directory', () => {
  it('marks directories, files and links, sorted by name', async () => {
    const fs = await harness(project);
    const { result, text } = await succeed(fs, listDirectoryTool, { path: fs.dir.path });
    expect(result.entries).toEqual([
      { name: '.env', type: 'file' },
      { name: 'README.md', type: 'file' },
      { name: 'link-to-src', type: 'symlink' },
      { name: 'node_modules', type: 'directory' },
      { name: 'packages', type: 'directory' },
      { name: 'src', type: 'directory' }
    ]);
    expect(result.total).toBe(6);
    expect(result.nextCursor).toBeUndefined();
    expect(text).toBe(
      [
        '[FILE] .env',
        '[FILE] README.md',
        // The official marker; structuredContent says it is a symlink.
        '[FILE] link-to-src',
        '[DIR] node_modules',
        '[DIR] packages',
        '[DIR] src'
      ].join('\n')
    );
  });

  it('skips dot-files with includeHidden false', async () => {
    const fs = await harness(project);
    const { result } = await succeed(fs, listDirectoryTool, {
      path: fs.dir.path,
      includeHidden: false
    });
    expect(result.entries.map(entry => entry.name)).toEqual([
      'README.md',
      'link-to-src',
      'node_modules',
      'packages',
      'src'
    ]);
    expect(result.total).toBe(5);
  });

  it('pages with limit and nextCursor, covering every entry once', async () => {
    const tree: TreeSpec = {};
    for (let index = 0; index < 11; index++) tree[`entry-${String(index).padStart(2, '0')}`] = '';
    const fs = await harness(tree);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { result, text } = await succeed(fs, listDirectoryTool, {
        path: fs.dir.path,
        limit: 4,
        ...(cursor ? { cursor } : {})
      });
      expect(result.total).toBe(11);
      names.push(...result.entries.map(entry => entry.name));
      if (result.nextCursor) expect(text).toMatch(/\[4 of 11 shown; pass cursor ".+" for more\]/);
      cursor = result.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(names).toEqual(Object.keys(tree).sort());
  });

  it('refuses a cursor made by another tool', async () => {
    const tree: TreeSpec = {};
    for (let index = 0; index < 5; index++) tree[`e${index}`] = 'x';
    const fs = await harness(tree);
    const sized = await succeed(fs, listDirectoryWithSizesTool, {
      path: fs.dir.path,
      limit: 2
    });
    const outcome = await fs.call('list_directory', { path: fs.dir.path, cursor: sized.result.nextCursor });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/cursor is not valid/);
  });

  it('fills each page to the budget in both renderings, escapes counted, and never past it', async () => {
    // Quotes and backslashes take two bytes each in JSON: the text lines escape them once more.
    const tree: TreeSpec = {};
    for (let index = 0; index < 400; index++) tree[`q"\\"\\"${String(index).padStart(3, '0')}`] = '';
    const fs = await harness(tree, { maxOutputBytes: 8192 });
    const names: string[] = [];
    let largest = 0;
    let cursor: string | undefined;
    do {
      const page = await fs.client.callTool({
        name: 'list_directory',
        arguments: { path: fs.dir.path, limit: 1000, ...(cursor ? { cursor } : {}) }
      });
      expect(page.isError ?? false).toBe(false);
      const sizes = [JSON.stringify(page.structuredContent), JSON.stringify(page.content)].map(json =>
        Buffer.byteLength(json)
      );
      for (const size of sizes) expect(size).toBeLessThanOrEqual(8192);
      largest = Math.max(largest, ...sizes);
      const structured = listDirectoryTool.output.parse(page.structuredContent);
      names.push(...structured.entries.map(entry => entry.name));
      cursor = structured.nextCursor;
    } while (cursor !== undefined);
    expect(names).toEqual(Object.keys(tree).sort());
    // Pages use the room (a share of half the budget would leave most of it empty).
    expect(largest).toBeGreaterThan(8192 * 0.6);
  });

  it('refuses a cursor made for another directory', async () => {
    const tree: TreeSpec = { a: {}, b: {} };
    for (let index = 0; index < 5; index++) {
      (tree.a as TreeSpec)[`e${index}`] = 'x';
      (tree.b as TreeSpec)[`e${index}`] = 'x';
    }
    const fs = await harness(tree);
    const first = await fs.call('list_directory', { path: fs.dir.resolve('a'), limit: 2 });
    const cursor = listDirectoryTool.output.parse(first.structured).nextCursor;
    expect(cursor).toBeDefined();
    const outcome = await fs.call('list_directory', { path: fs.dir.resolve('b'), limit: 2, cursor });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/made for a call with other arguments/);
  });

  it('says a file is not a directory', async () => {
    const fs = await harness(project);
    for (const tool of ['list_directory', 'list_directory_with_sizes']) {
      const outcome = await fs.call(tool, { path: fs.dir.resolve('README.md') });
      expect(outcome.isError, tool).toBe(true);
      expect(outcome.text).toMatch(/README\.md is not a directory/);
    }
    const missing = await fs.call('list_directory', { path: fs.dir.resolve('missing') });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/does not exist/);
  });

  it('hides what the deny list covers', async () => {
    const fs = await harness(project, { deny: ['**/.env', 'node_modules'] });
    const { result } = await succeed(fs, listDirectoryTool, { path: fs.dir.path });
    expect(result.entries.map(entry => entry.name)).toEqual(['README.md', 'link-to-src', 'packages', 'src']);
  });
});

describe('list_directory_with_sizes', () => {
  const sized: TreeSpec = {
    'small.txt': 'x'.repeat(10),
    'large.bin': Buffer.alloc(3000, 1),
    'medium.md': 'y'.repeat(1500),
    '.hidden': 'z'.repeat(20),
    sub: { 'inner.txt': 'x'.repeat(5000) },
    other: {}
  };

  it('lists sizes by name with totals for the whole directory', async () => {
    const fs = await harness(sized);
    const { result, text } = await succeed(fs, listDirectoryWithSizesTool, {
      path: fs.dir.path
    });
    expect(result.entries.map(entry => [entry.name, entry.type, entry.size])).toEqual([
      ['.hidden', 'file', 20],
      ['large.bin', 'file', 3000],
      ['medium.md', 'file', 1500],
      ['other', 'directory', 0],
      ['small.txt', 'file', 10],
      ['sub', 'directory', 0]
    ]);
    expect(result).toMatchObject({ total: 6, totalFiles: 4, totalDirectories: 2, totalBytes: 4530 });
    expect(Number.isNaN(Date.parse(result.entries[0]!.modified))).toBe(false);
    expect(Math.abs(Date.parse(result.entries[0]!.modified) - Date.now())).toBeLessThan(60_000);
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^\[FILE\] large\.bin\s+2\.93 KB$/);
    expect(lines[3]).toMatch(/^\[DIR\] other\s*$/);
    expect(lines.slice(-2)).toEqual(['Total: 4 files, 2 directories', 'Combined size: 4.42 KB']);
  });

  it('sorts by size, largest first, and pages in that order', async () => {
    const fs = await harness(sized);
    const { result } = await succeed(fs, listDirectoryWithSizesTool, {
      path: fs.dir.path,
      sortBy: 'size',
      includeHidden: false
    });
    expect(result.entries.map(entry => entry.name)).toEqual([
      'large.bin',
      'medium.md',
      'small.txt',
      'other',
      'sub'
    ]);
    expect(result).toMatchObject({ total: 5, totalFiles: 3, totalDirectories: 2, totalBytes: 4510 });
    const first = await succeed(fs, listDirectoryWithSizesTool, {
      path: fs.dir.path,
      sortBy: 'size',
      includeHidden: false,
      limit: 2
    });
    expect(first.result.entries.map(entry => entry.name)).toEqual(['large.bin', 'medium.md']);
    // Totals describe the whole directory, not the page.
    expect(first.result).toMatchObject({ total: 5, totalFiles: 3, totalBytes: 4510 });
    const second = await succeed(fs, listDirectoryWithSizesTool, {
      path: fs.dir.path,
      sortBy: 'size',
      includeHidden: false,
      limit: 2,
      cursor: first.result.nextCursor
    });
    expect(second.result.entries.map(entry => entry.name)).toEqual(['small.txt', 'other']);
  });

  it('reports a symlink as a link, not as the file it points to', async () => {
    const fs = await harness({ 'target.txt': 'x'.repeat(100), 'link.txt': { symlink: 'target.txt' } });
    const { result, text } = await succeed(fs, listDirectoryWithSizesTool, {
      path: fs.dir.path
    });
    expect(result.entries.map(entry => [entry.name, entry.type])).toEqual([
      ['link.txt', 'symlink'],
      ['target.txt', 'file']
    ]);
    // The official marker in the text; the type above says it is a link.
    expect(text).toMatch(/^\[FILE\] link\.txt/m);
  });
});
