import { writeFile } from 'node:fs/promises';

import type { InferToolInput, InferToolOutput } from '@mcpkit/core';
import { callTool } from '@mcpkit/testing';
import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { grepTool } from '../src/tools/grep.js';
import { directoryTreeTool } from '../src/tools/directory-tree.js';
import { listDirectoryTool } from '../src/tools/list-directory.js';
import { searchFilesTool } from '../src/tools/search-files.js';
import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

type GrepResult = InferToolOutput<typeof grepTool>;
type GrepMatch = GrepResult['matches'][number];
type SearchFilesResult = InferToolOutput<typeof searchFilesTool>;

const harness = harnessPerTest();

async function grep(fs: FsHarness, args: InferToolInput<typeof grepTool>): Promise<GrepResult> {
  const result = await callTool(fs.client, grepTool, args);
  expect(result.isError, result.text).toBe(false);
  return result.structured!;
}

async function searchFiles(
  fs: FsHarness,
  args: InferToolInput<typeof searchFilesTool>
): Promise<SearchFilesResult> {
  const result = await callTool(fs.client, searchFilesTool, args);
  expect(result.isError, result.text).toBe(false);
  return result.structured!;
}

/** `path:line` of each match, relative to the harness directory. */
function where(fs: FsHarness, matches: readonly GrepMatch[]): string[] {
  return matches.map(found => `${found.path.slice(fs.dir.path.length + 1)}:${found.line}`);
}

const relative = (fs: FsHarness, paths: readonly { path: string }[]) =>
  paths.map(item => item.path.slice(fs.dir.path.length + 1));

describe('grep: matching', () => {
  const tree: TreeSpec = {
    'a.txt': 'alpha\nneedle here\nomega\n',
    'b.md': 'Needle upper\nno match\n',
    src: { 'c.ts': 'const x = 1;\n  needle();\n  NEEDLE\n' }
  };

  it('finds a literal with absolute path, 1-based line and column, in path order', async () => {
    const fs = await harness(tree);
    const result = await grep(fs, { pattern: 'needle' });
    expect(result.matches).toEqual([
      { path: fs.dir.resolve('a.txt'), line: 2, column: 1, text: 'needle here' },
      { path: fs.dir.resolve('src/c.ts'), line: 2, column: 3, text: '  needle();' }
    ]);
    expect(result.filesSearched).toBe(3);
    expect(result.filesWithMatches).toBe(2);
    expect(result.truncated).toBe(false);
    expect(result.nextCursor).toBeUndefined();
    const text = (await fs.call('grep', { pattern: 'needle' })).text;
    expect(text.split('\n')).toEqual([
      `${fs.dir.resolve('a.txt')}:2:needle here`,
      `${fs.dir.resolve('src/c.ts')}:2:  needle();`
    ]);
  });

  it('matches regardless of case with ignoreCase', async () => {
    const fs = await harness(tree);
    const result = await grep(fs, { pattern: 'NeEdLe', ignoreCase: true });
    expect(where(fs, result.matches)).toEqual(['a.txt:2', 'b.md:1', 'src/c.ts:2', 'src/c.ts:3']);
    expect(result.matches[1]).toMatchObject({ column: 1, text: 'Needle upper' });
  });

  it('reports the column of the original text when lower-casing changes string length', async () => {
    // 'İ'.toLowerCase() is two UTF-16 units: a column taken from the lower-cased copy would drift.
    const fs = await harness({ 'turkish.txt': 'İİİ needle\n' });
    const result = await grep(fs, { pattern: 'NEEDLE', ignoreCase: true });
    expect(result.matches).toEqual([
      { path: fs.dir.resolve('turkish.txt'), line: 1, column: 5, text: 'İİİ needle' }
    ]);
  });

  it('reports one match per line, at the first occurrence', async () => {
    const fs = await harness({ 'r.txt': 'x needle needle\nneedle\n' });
    const result = await grep(fs, { pattern: 'needle' });
    expect(result.matches.map(found => [found.line, found.column])).toEqual([
      [1, 3],
      [2, 1]
    ]);
  });

  it('matches a regular expression, per line', async () => {
    const fs = await harness(tree);
    const result = await grep(fs, { pattern: String.raw`^\s+need(le|s)\(\);$`, regex: true });
    expect(result.matches).toEqual([
      { path: fs.dir.resolve('src/c.ts'), line: 2, column: 1, text: '  needle();' }
    ]);
    const insensitive = await grep(fs, { pattern: 'n[e]+dle\\b', regex: true, ignoreCase: true });
    expect(where(fs, insensitive.matches)).toEqual(['a.txt:2', 'b.md:1', 'src/c.ts:2', 'src/c.ts:3']);
    expect(insensitive.matches[2]?.column).toBe(3);
  });

  it('anchors $ at the end of a CRLF line and never matches past the last line', async () => {
    const fs = await harness({ 'dos.txt': 'first\r\nneedle\r\nlast\r\n', 'unix.txt': 'one\ntwo\n' });
    const crlf = await grep(fs, { pattern: 'needle$', regex: true });
    expect(crlf.matches).toEqual([{ path: fs.dir.resolve('dos.txt'), line: 2, column: 1, text: 'needle' }]);
    // A file ending in a newline has no empty line after it for ^$ to match.
    const empty = await grep(fs, { pattern: '^$', regex: true });
    expect(empty.matches).toEqual([]);
  });

  it('refuses an invalid regular expression with a hint', async () => {
    const fs = await harness(tree);
    const result = await fs.call('grep', { pattern: 'needle(', regex: true });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/not a valid regular expression/);
    expect(result.text).toMatch(/regex: false/);
  });

  it('stops a catastrophically backtracking regex at the timeout and keeps serving', async () => {
    const fs = await harness(
      { 'evil.txt': `${'a'.repeat(40)}b\n`, 'plain.txt': 'needle\n' },
      { regexTimeoutMs: 300 }
    );
    const started = Date.now();
    const result = await fs.call('grep', { pattern: '(a+)+$', regex: true });
    const elapsed = Date.now() - started;
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/took over 300 ms/);
    expect(result.text).toMatch(/nested quantifiers/);
    expect(elapsed).toBeLessThan(5000);
    const next = await grep(fs, { pattern: 'needle' });
    expect(where(fs, next.matches)).toEqual(['plain.txt:1']);
    const regexAgain = await grep(fs, { pattern: 'ne+dle', regex: true });
    expect(where(fs, regexAgain.matches)).toEqual(['plain.txt:1']);
  });
});

describe('grep: which files', () => {
  it('narrows with include and exclude globs', async () => {
    const fs = await harness({
      'top.ts': 'needle',
      'top.md': 'needle',
      src: { 'a.ts': 'needle', 'b.js': 'needle', deep: { 'c.ts': 'needle' } },
      lib: { 'd.ts': 'needle' }
    });
    const names = async (args: Record<string, unknown>) =>
      where(fs, (await grep(fs, { pattern: 'needle', ...args })).matches);
    expect(await names({ include: ['*.ts'] })).toEqual([
      'lib/d.ts:1',
      'src/a.ts:1',
      'src/deep/c.ts:1',
      'top.ts:1'
    ]);
    expect(await names({ include: ['src/**/*.ts'] })).toEqual(['src/a.ts:1', 'src/deep/c.ts:1']);
    expect(await names({ include: ['*.ts', '*.md'], exclude: ['src'] })).toEqual([
      'lib/d.ts:1',
      'top.md:1',
      'top.ts:1'
    ]);
    expect(await names({ exclude: ['*.ts'] })).toEqual(['src/b.js:1', 'top.md:1']);
    expect(await names({ exclude: ['deep', 'lib/**'] })).toEqual([
      'src/a.ts:1',
      'src/b.js:1',
      'top.md:1',
      'top.ts:1'
    ]);
    expect(await names({ exclude: ['src/deep', 'lib'] })).toEqual([
      'src/a.ts:1',
      'src/b.js:1',
      'top.md:1',
      'top.ts:1'
    ]);
  });

  it('respects .gitignore files by default, nested ones too, and .git', async () => {
    const tree: TreeSpec = {
      '.gitignore': 'ignored.txt\nbuild/\n',
      '.git': { config: 'needle' },
      'ignored.txt': 'needle',
      'kept.txt': 'needle',
      build: { 'out.txt': 'needle' },
      sub: {
        '.gitignore': 'local.txt\n',
        'local.txt': 'needle',
        'other.txt': 'needle',
        deeper: { 'local.txt': 'needle' }
      },
      other: { 'local.txt': 'needle' }
    };
    const fs = await harness(tree);
    const byDefault = await grep(fs, { pattern: 'needle' });
    expect(where(fs, byDefault.matches)).toEqual(['kept.txt:1', 'other/local.txt:1', 'sub/other.txt:1']);
    const hidden = await grep(fs, { pattern: 'needle', includeHidden: true });
    expect(where(fs, hidden.matches)).toEqual(['kept.txt:1', 'other/local.txt:1', 'sub/other.txt:1']);
    const everything = await grep(fs, { pattern: 'needle', respectGitignore: false });
    expect(where(fs, everything.matches)).toEqual([
      'build/out.txt:1',
      'ignored.txt:1',
      'kept.txt:1',
      'other/local.txt:1',
      'sub/deeper/local.txt:1',
      'sub/local.txt:1',
      'sub/other.txt:1'
    ]);
    const withGit = await grep(fs, { pattern: 'needle', respectGitignore: false, includeHidden: true });
    expect(where(fs, withGit.matches)).toContain('.git/config:1');
  });

  it('applies .gitignore files above a subdirectory given as path, up to the repository root', async () => {
    const fs = await harness({
      '.gitignore': 'secret.txt\n',
      repo: {
        '.git': { HEAD: 'ref: refs/heads/main\n' },
        '.gitignore': 'build/\n*.log\n',
        pkg: {
          src: { 'a.ts': 'needle', 'b.log': 'needle' },
          build: { 'out.js': 'needle' },
          'secret.txt': 'needle'
        }
      }
    });
    const fromRepo = await grep(fs, { pattern: 'needle', path: fs.dir.resolve('repo') });
    const fromPackage = await grep(fs, { pattern: 'needle', path: fs.dir.resolve('repo/pkg') });
    const fromSource = await grep(fs, { pattern: 'needle', path: 'repo/pkg/src' });
    // repo/ is a repository root: the .gitignore above it does not apply inside it.
    expect(where(fs, fromRepo.matches)).toEqual(['repo/pkg/secret.txt:1', 'repo/pkg/src/a.ts:1']);
    expect(where(fs, fromPackage.matches)).toEqual(where(fs, fromRepo.matches));
    expect(where(fs, fromSource.matches)).toEqual(['repo/pkg/src/a.ts:1']);
    // An ignored directory asked for by name is searched.
    const ignored = await grep(fs, { pattern: 'needle', path: fs.dir.resolve('repo/pkg/build') });
    expect(where(fs, ignored.matches)).toEqual(['repo/pkg/build/out.js:1']);
    const tree = await fs.call('directory_tree', {
      path: fs.dir.resolve('repo/pkg'),
      respectGitignore: true
    });
    expect(directoryTreeTool.output.parse(tree.structured).entries.map(entry => entry.path)).toEqual([
      'secret.txt',
      'src',
      'src/a.ts'
    ]);
  });

  it('skips dot-files and dot-directories unless includeHidden', async () => {
    const fs = await harness({
      '.env': 'needle',
      '.hidden': { 'x.txt': 'needle' },
      'shown.txt': 'needle'
    });
    expect(where(fs, (await grep(fs, { pattern: 'needle' })).matches)).toEqual(['shown.txt:1']);
    const all = await grep(fs, { pattern: 'needle', includeHidden: true });
    expect(where(fs, all.matches)).toEqual(['.env:1', '.hidden/x.txt:1', 'shown.txt:1']);
  });

  it('skips binary files and files over maxFileBytes, counting them', async () => {
    const fs = await harness(
      {
        'bin.dat': Buffer.concat([Buffer.from('needle'), Buffer.from([0, 1, 2, 3]), Buffer.from('needle')]),
        'big.txt': `needle\n${'x'.repeat(2000)}\n`,
        'small.txt': 'needle\n'
      },
      { maxFileBytes: 1000 }
    );
    const result = await grep(fs, { pattern: 'needle' });
    expect(where(fs, result.matches)).toEqual(['small.txt:1']);
    expect(result.skipped).toEqual({ binary: 1, tooLarge: 1, unreadable: 0 });
    expect(result.filesSearched).toBe(1);
  });

  it('searches just the file when path is a file', async () => {
    const fs = await harness({ 'one.txt': 'needle\nneedle again\n', 'two.txt': 'needle\n' });
    const result = await grep(fs, { pattern: 'needle', path: fs.dir.resolve('one.txt') });
    expect(where(fs, result.matches)).toEqual(['one.txt:1', 'one.txt:2']);
    expect(result.filesSearched).toBe(1);
  });

  it('searches a subdirectory given as a relative path', async () => {
    const fs = await harness({ sub: { 'in.txt': 'needle' }, 'out.txt': 'needle' });
    const result = await grep(fs, { pattern: 'needle', path: 'sub' });
    expect(where(fs, result.matches)).toEqual(['sub/in.txt:1']);
  });

  it('searches every allowed directory when no path is given, and nothing else', async () => {
    const fs = await harness(
      { one: { 'a.txt': 'needle' }, two: { 'b.txt': 'needle' }, three: { 'c.txt': 'needle' } },
      { allow: ['one', 'two'] }
    );
    const result = await grep(fs, { pattern: 'needle' });
    expect(where(fs, result.matches)).toEqual(['one/a.txt:1', 'two/b.txt:1']);
    const outside = await fs.call('grep', { pattern: 'needle', path: fs.dir.resolve('three') });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/outside the allowed directories/);
  });

  it('does not follow symlinks while walking', async () => {
    const fs = await harness({
      real: { 'f.txt': 'needle' },
      link: { symlink: 'real' },
      'file-link.txt': { symlink: 'real/f.txt' }
    });
    const result = await grep(fs, { pattern: 'needle' });
    expect(where(fs, result.matches)).toEqual(['real/f.txt:1']);
  });

  it('honours the deny list', async () => {
    const fs = await harness(
      { '.env': 'needle', secrets: { 'key.pem': 'needle' }, 'ok.txt': 'needle' },
      { deny: ['**/.env', 'secrets'] }
    );
    const result = await grep(fs, { pattern: 'needle', includeHidden: true });
    expect(where(fs, result.matches)).toEqual(['ok.txt:1']);
  });
});

describe('grep: context lines', () => {
  it('returns lines before and after, without inventing lines past the ends', async () => {
    const fs = await harness({ 'f.txt': 'l1\nl2\nneedle 3\nl4\nl5\nl6\nneedle 7\n' });
    const result = await grep(fs, { pattern: 'needle', contextLines: 2 });
    expect(result.matches).toEqual([
      {
        path: fs.dir.resolve('f.txt'),
        line: 3,
        column: 1,
        text: 'needle 3',
        before: ['l1', 'l2'],
        after: ['l4', 'l5']
      },
      { path: fs.dir.resolve('f.txt'), line: 7, column: 1, text: 'needle 7', before: ['l5', 'l6'] }
    ]);
    const text = (await fs.call('grep', { pattern: 'needle', contextLines: 1 })).text;
    const path = fs.dir.resolve('f.txt');
    expect(text.split('\n')).toEqual([
      `${path}-2-l2`,
      `${path}:3:needle 3`,
      `${path}-4-l4`,
      `${path}-6-l6`,
      `${path}:7:needle 7`
    ]);
  });

  it('has no before lines at the first line and strips CR', async () => {
    const fs = await harness({ 'f.txt': 'needle\r\nnext\r\nthird' });
    const result = await grep(fs, { pattern: 'needle', contextLines: 3 });
    expect(result.matches).toEqual([
      { path: fs.dir.resolve('f.txt'), line: 1, column: 1, text: 'needle', after: ['next', 'third'] }
    ]);
  });
});

describe('grep: pagination', () => {
  const tree: TreeSpec = {
    'f1.txt': 'needle 1\nno\nneedle 3\nneedle 4\nneedle 5\n',
    'f2.txt': 'needle 1\nneedle 2\nneedle 3\n',
    sub: { 'f3.txt': 'x\nneedle 2\nx\nneedle 4\nneedle 5\n' },
    'z.bin': Buffer.from([0, 0, 0])
  };

  async function allPages(fs: FsHarness, args: InferToolInput<typeof grepTool>): Promise<GrepResult[]> {
    const pages: GrepResult[] = [];
    let cursor: string | undefined;
    do {
      const page = await grep(fs, { ...args, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(page);
      cursor = page.nextCursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor !== undefined);
    return pages;
  }

  it('pages through every match exactly once, in order', async () => {
    const fs = await harness(tree);
    const whole = await grep(fs, { pattern: 'needle' });
    expect(whole.matches).toHaveLength(10);
    const pages = await allPages(fs, { pattern: 'needle', limit: 3 });
    expect(pages.map(page => page.matches.length)).toEqual([3, 3, 3, 1]);
    expect(pages.slice(0, -1).every(page => page.truncated && page.nextCursor !== undefined)).toBe(true);
    expect(pages.at(-1)?.truncated).toBe(false);
    expect(pages.flatMap(page => where(fs, page.matches))).toEqual(where(fs, whole.matches));
    expect(pages.flatMap(page => page.matches)).toEqual(whole.matches);
  });

  it('pages across batches of many files, with context lines', async () => {
    const many: TreeSpec = {};
    // 100 files: more than one batch (64 files), and few enough matches to fit one page's budget.
    for (let index = 0; index < 100; index++)
      many[`f${String(index).padStart(3, '0')}.txt`] = `a\nneedle ${index}\nb\nneedle again\n`;
    const fs = await harness(many);
    const whole = await grep(fs, { pattern: 'needle', contextLines: 1, limit: 2000 });
    expect(whole.matches).toHaveLength(200);
    expect(whole.truncated).toBe(false);
    const pages = await allPages(fs, { pattern: 'needle', contextLines: 1, limit: 7 });
    expect(pages.flatMap(page => page.matches)).toEqual(whole.matches);
  });

  it('refuses a cursor from another tool, or garbage', async () => {
    const entries: TreeSpec = {};
    for (let index = 0; index < 5; index++) entries[`e${index}.txt`] = 'needle';
    const fs = await harness(entries);
    const listed = await fs.call('list_directory', { path: fs.dir.path, limit: 2 });
    const foreign = listDirectoryTool.output.parse(listed.structured).nextCursor;
    expect(foreign).toBeDefined();
    for (const cursor of [foreign, 'garbage', Buffer.from('{"v":1,"p":{"file":-1}}').toString('base64url')]) {
      const result = await fs.call('grep', { pattern: 'needle', cursor });
      expect(result.isError, String(cursor)).toBe(true);
      expect(result.text).toMatch(/cursor is not valid/);
    }
    const ownPage = await grep(fs, { pattern: 'needle', limit: 2 });
    const wrongTool = await fs.call('search_files', {
      path: fs.dir.path,
      pattern: 'e',
      cursor: ownPage.nextCursor
    });
    expect(wrongTool.isError).toBe(true);
    expect(wrongTool.text).toMatch(/not valid for search_files: it is a cursor of grep/);
  });

  it('refuses a cursor made for a search with other arguments', async () => {
    const entries: TreeSpec = {};
    for (let index = 0; index < 5; index++) entries[`e${index}.txt`] = 'needle haystack';
    const fs = await harness(entries);
    const page = await grep(fs, { pattern: 'needle', limit: 2 });
    expect(page.nextCursor).toBeDefined();
    for (const other of [{ pattern: 'haystack' }, { pattern: 'needle', ignoreCase: true }]) {
      const result = await fs.call('grep', { ...other, limit: 2, cursor: page.nextCursor });
      expect(result.isError, JSON.stringify(other)).toBe(true);
      expect(result.text).toMatch(/made for a call with other arguments/);
    }
    // The same arguments with another page size go on.
    const next = await fs.call('grep', { pattern: 'needle', limit: 3, cursor: page.nextCursor });
    expect(next.isError ?? false).toBe(false);
    const files = await fs.call('search_files', { path: fs.dir.path, pattern: '*.txt', limit: 2 });
    const cursor = searchFilesTool.output.parse(files.structured).nextCursor;
    expect(cursor).toBeDefined();
    const otherPattern = await fs.call('search_files', { path: fs.dir.path, pattern: 'e*', cursor });
    expect(otherPattern.isError).toBe(true);
    expect(otherPattern.text).toMatch(/made for a call with other arguments/);
  });
});

describe('grep: progress', () => {
  it('reports progress when the client asks for it over a large tree', async () => {
    const tree: TreeSpec = {};
    for (let directory = 0; directory < 10; directory++) {
      const files: TreeSpec = {};
      for (let index = 0; index < 300; index++) files[`f${index}.txt`] = `line ${index}\nnothing here\n`;
      tree[`d${directory}`] = files;
    }
    const fs = await harness(tree);
    const progress: { progress: number; message?: string | undefined }[] = [];
    const result = await fs.client.callTool(
      { name: 'grep', arguments: { pattern: 'not in any file' } },
      { onprogress: update => progress.push(update) }
    );
    expect(result.isError).not.toBe(true);
    expect(grepTool.output.parse(result.structuredContent).filesSearched).toBe(3000);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]?.message).toMatch(/files searched/);
    const values = progress.map(update => update.progress);
    expect(values).toEqual([...values].sort((left, right) => left - right));
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('search_files', () => {
  const tree: TreeSpec = {
    'index.ts': '',
    'README.md': '',
    src: { 'main.ts': '', 'Config.json': '', util: { 'helper.ts': '', 'myconfig.ts': '' } },
    node_modules: { pkg: { 'index.ts': '' } },
    docs: { 'config-guide.md': '' }
  };

  it('matches **/*.ts at any depth and *.ts at the top level only', async () => {
    const fs = await harness(tree);
    const deep = await searchFiles(fs, { path: fs.dir.path, pattern: '**/*.ts' });
    expect(relative(fs, deep.matches)).toEqual([
      'index.ts',
      'node_modules/pkg/index.ts',
      'src/main.ts',
      'src/util/helper.ts',
      'src/util/myconfig.ts'
    ]);
    expect(deep.matches.every(found => found.type === 'file')).toBe(true);
    expect(deep.total).toBe(5);
    const top = await searchFiles(fs, { path: fs.dir.path, pattern: '*.ts' });
    expect(relative(fs, top.matches)).toEqual(['index.ts']);
    const sub = await searchFiles(fs, { path: fs.dir.resolve('src'), pattern: '*.ts' });
    expect(sub.matches.map(found => found.path)).toEqual([fs.dir.resolve('src/main.ts')]);
  });

  it('treats a plain word as a case-insensitive substring of names', async () => {
    const fs = await harness(tree);
    const result = await searchFiles(fs, { path: fs.dir.path, pattern: 'CONFIG' });
    expect(relative(fs, result.matches)).toEqual([
      'docs/config-guide.md',
      'src/Config.json',
      'src/util/myconfig.ts'
    ]);
    const directories = await searchFiles(fs, { path: fs.dir.path, pattern: 'util' });
    expect(directories.matches).toEqual([{ path: fs.dir.resolve('src/util'), type: 'directory' }]);
    const dotted = await searchFiles(fs, { path: fs.dir.path, pattern: 'readme.md' });
    expect(relative(fs, dotted.matches)).toEqual(['README.md']);
  });

  it('skips excluded directories with everything under them', async () => {
    const fs = await harness({ ...tree, src: { ...(tree.src as TreeSpec), node_modules: { 'dep.ts': '' } } });
    const top = await searchFiles(fs, {
      path: fs.dir.path,
      pattern: '**/*.ts',
      excludePatterns: ['node_modules']
    });
    expect(relative(fs, top.matches)).toEqual([
      'index.ts',
      'src/main.ts',
      'src/node_modules/dep.ts',
      'src/util/helper.ts',
      'src/util/myconfig.ts'
    ]);
    const anywhere = await searchFiles(fs, {
      path: fs.dir.path,
      pattern: '**/*.ts',
      excludePatterns: ['**/node_modules', 'src/util']
    });
    expect(relative(fs, anywhere.matches)).toEqual(['index.ts', 'src/main.ts']);
  });

  it('pages with nextCursor, covering every match exactly once', async () => {
    const many: TreeSpec = {};
    for (let index = 0; index < 23; index++)
      many[`d${index % 3}/match-${String(index).padStart(2, '0')}.txt`] = '';
    const fs = await harness(many);
    const whole = await searchFiles(fs, { path: fs.dir.path, pattern: 'match' });
    expect(whole.matches).toHaveLength(23);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchFiles(fs, {
        path: fs.dir.path,
        pattern: 'match',
        limit: 5,
        ...(cursor ? { cursor } : {})
      });
      expect(page.total).toBe(23);
      expect(page.matches.length).toBeLessThanOrEqual(5);
      seen.push(...page.matches.map(found => found.path));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toEqual(whole.matches.map(found => found.path));
    const text = (await fs.call('search_files', { path: fs.dir.path, pattern: 'match', limit: 5 })).text;
    expect(text).toMatch(/\[5 of 23 shown; pass cursor ".+" for more\]/);
  });

  it('says "No matches found" when nothing matches', async () => {
    const fs = await harness(tree);
    const result = await fs.call('search_files', { path: fs.dir.path, pattern: 'nothing-like-this' });
    expect(result.isError).toBe(false);
    expect(result.text).toBe('No matches found');
    expect(searchFilesTool.output.parse(result.structured).total).toBe(0);
  });

  it('refuses a file as the directory to search, and paths outside', async () => {
    const fs = await harness(tree, { allow: ['src'] });
    const file = await fs.call('search_files', { path: fs.dir.resolve('src/main.ts'), pattern: '*' });
    expect(file.isError).toBe(true);
    expect(file.text).toMatch(/not a directory/);
    const outside = await fs.call('search_files', { path: fs.dir.resolve('docs'), pattern: '*' });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/outside the allowed directories/);
  });

  it('reports symlinks without following them, and respects .gitignore on request', async () => {
    const fs = await harness({ real: { 'x.log': '' }, link: { symlink: 'real' }, '.gitignore': 'real/\n' });
    const all = await searchFiles(fs, { path: fs.dir.path, pattern: '**/*' });
    expect(all.matches.map(found => [found.path.slice(fs.dir.path.length + 1), found.type])).toEqual([
      ['.gitignore', 'file'],
      ['link', 'symlink'],
      ['real', 'directory'],
      ['real/x.log', 'file']
    ]);
    const ignoring = await searchFiles(fs, {
      path: fs.dir.path,
      pattern: '**/*',
      respectGitignore: true,
      includeHidden: false
    });
    expect(relative(fs, ignoring.matches)).toEqual(['link']);
  });

  it('sees files added between calls', async () => {
    const fs = await harness({ 'a.txt': '' });
    expect((await searchFiles(fs, { path: fs.dir.path, pattern: 'b' })).total).toBe(0);
    await writeFile(fs.dir.resolve('b.txt'), '');
    expect((await searchFiles(fs, { path: fs.dir.path, pattern: 'b' })).total).toBe(1);
  });
});
