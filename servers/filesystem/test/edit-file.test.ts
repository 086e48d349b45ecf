import { createHash } from 'node:crypto';
import { chmod, lstat, readFile, stat } from 'node:fs/promises';

import { ALL_CONNECTIONS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Edits `path` with the given edits (and any extra arguments). */
function edit(h: FsHarness, path: string, extra: Record<string, unknown>) {
  return h.call('edit_file', { path: h.dir.resolve(path), ...extra });
}

const SOURCE = [
  'function greet(name) {',
  '  const greeting = "Hello";',
  '  return `${greeting}, ${name}!`;',
  '}',
  '',
  'function answer() {',
  '  return computeTheAnswer(42);',
  '}',
  ''
].join('\n');

describe('edit_file', () => {
  it('applies one exact edit and returns a unified diff and the new hash', async () => {
    const h = await harness({ 'src.js': SOURCE });
    const result = await edit(h, 'src.js', { edits: [{ oldText: '"Hello"', newText: '"Hi"' }] });
    expect(result.isError, result.text).toBe(false);
    const expected = SOURCE.replace('"Hello"', '"Hi"');
    const written = await readFile(h.dir.resolve('src.js'));
    expect(written.toString('utf8')).toBe(expected);
    expect(result.structured).toMatchObject({
      path: h.dir.resolve('src.js'),
      replacements: [1],
      dryRun: false,
      diffTruncated: false,
      sha256: sha256(written)
    });
    const diff = String(result.structured?.diff);
    expect(diff).toContain(`--- ${h.dir.resolve('src.js')}`);
    expect(diff).toContain(`+++ ${h.dir.resolve('src.js')}`);
    expect(diff).toContain('@@ -1,5 +1,5 @@');
    expect(diff).toContain('-  const greeting = "Hello";');
    expect(diff).toContain('+  const greeting = "Hi";');
    expect(result.text).toContain('```diff');
    expect(result.text).toContain(`New SHA-256: ${sha256(written)}`);
  });

  it('inserts replacement text literally, even with $ patterns', async () => {
    const h = await harness({ 'a.txt': 'price: X\n' });
    const result = await edit(h, 'a.txt', { edits: [{ oldText: 'X', newText: "$& $1 $$ $' 5" }] });
    expect(result.isError).toBe(false);
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe("price: $& $1 $$ $' 5\n");
  });

  it('refuses an oldText that matches twice, naming the lines, and changes nothing', async () => {
    const text = 'foo = 1\nbar = 2\nfoo = 1\n';
    const h = await harness({ 'a.txt': text });
    const result = await edit(h, 'a.txt', { edits: [{ oldText: 'foo = 1', newText: 'foo = 3' }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('occurs 2 times');
    expect(result.text).toContain('lines 1, 3');
    expect(result.text).toContain('replaceAll');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe(text);
  });

  it('treats overlapping matches as ambiguous too', async () => {
    const h = await harness({ 'a.txt': 'ababa\n' });
    const result = await edit(h, 'a.txt', { edits: [{ oldText: 'aba', newText: 'X' }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('occurs 2 times');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('ababa\n');
  });

  it('replaces every occurrence with replaceAll', async () => {
    const h = await harness({ 'a.txt': 'foo\nbar foo\nfoo baz\n' });
    const result = await edit(h, 'a.txt', { edits: [{ oldText: 'foo', newText: 'qux', replaceAll: true }] });
    expect(result.isError).toBe(false);
    expect(result.structured?.replacements).toEqual([3]);
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('qux\nbar qux\nqux baz\n');
  });

  it('on no match shows the nearest line (a typo in oldText) and changes nothing', async () => {
    const h = await harness({ 'src.js': SOURCE });
    const result = await edit(h, 'src.js', {
      edits: [{ oldText: '  return computeTheAnwser(42);', newText: '  return 42;' }]
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('was not found');
    expect(result.text).toContain('The nearest text is at line 7');
    expect(result.text).toContain('     7\t  return computeTheAnswer(42);');
    expect(await readFile(h.dir.resolve('src.js'), 'utf8')).toBe(SOURCE);
  });

  it('says so when nothing resembles oldText', async () => {
    const h = await harness({ 'src.js': SOURCE });
    const result = await edit(h, 'src.js', { edits: [{ oldText: 'zzzzqqqq wwww', newText: 'x' }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('No line of the file resembles');
  });

  it('applies several edits in order, each seeing the previous one', async () => {
    const h = await harness({ 'a.txt': 'alpha\nbeta\ngamma\n' });
    const result = await edit(h, 'a.txt', {
      edits: [
        { oldText: 'alpha', newText: 'ALPHA one' },
        { oldText: 'ALPHA one\nbeta', newText: 'ALPHA two\nBETA' }
      ]
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured?.replacements).toEqual([1, 1]);
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('ALPHA two\nBETA\ngamma\n');
  });

  it('writes nothing when a later edit fails', async () => {
    const h = await harness({ 'a.txt': 'alpha\nbeta\ngamma\n' });
    const result = await edit(h, 'a.txt', {
      edits: [
        { oldText: 'alpha', newText: 'changed' },
        { oldText: 'delta', newText: 'epsilon' }
      ]
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Edit 2');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\n');
  });

  it('refuses an empty oldText', async () => {
    const h = await harness({ 'a.txt': 'x\n' });
    const result = await edit(h, 'a.txt', { edits: [{ oldText: '', newText: 'y' }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('empty oldText');
  });

  it('returns the diff on a dry run without writing', async () => {
    const h = await harness({ 'a.txt': 'one\ntwo\n' });
    const before = await stat(h.dir.resolve('a.txt'));
    const result = await edit(h, 'a.txt', { edits: [{ oldText: 'two', newText: 'TWO' }], dryRun: true });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ dryRun: true, replacements: [1] });
    expect(String(result.structured?.diff)).toContain('-two\n+TWO');
    expect(result.text).toContain('Dry run: nothing was written.');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('one\ntwo\n');
    expect((await stat(h.dir.resolve('a.txt'))).mtimeMs).toBe(before.mtimeMs);
    // The hash is the unchanged file's, so the real edit can pass it as expectedSha256.
    const applied = await edit(h, 'a.txt', {
      edits: [{ oldText: 'two', newText: 'TWO' }],
      expectedSha256: String(result.structured?.sha256)
    });
    expect(applied.isError, applied.text).toBe(false);
  });

  it('keeps CRLF line endings, also for new lines and CRLF in oldText', async () => {
    const h = await harness({ 'win.txt': Buffer.from('one\r\ntwo\r\nthree\r\n') });
    const result = await edit(h, 'win.txt', {
      edits: [
        { oldText: 'two', newText: 'TWO\nextra' },
        { oldText: 'one\r\nTWO', newText: 'ONE\r\nTWO' }
      ]
    });
    expect(result.isError, result.text).toBe(false);
    const bytes = await readFile(h.dir.resolve('win.txt'));
    expect(bytes.toString('latin1')).toBe('ONE\r\nTWO\r\nextra\r\nthree\r\n');
    expect(result.structured?.sha256).toBe(sha256(bytes));
  });

  it('keeps a missing final newline missing', async () => {
    const h = await harness({ 'a.txt': 'first\nlast' });
    const result = await edit(h, 'a.txt', { edits: [{ oldText: 'last', newText: 'final' }] });
    expect(result.isError).toBe(false);
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('first\nfinal');
    expect(String(result.structured?.diff)).toContain('\\ No newline at end of file');
  });

  it('keeps a byte order mark', async () => {
    const h = await harness({ 'bom.txt': Buffer.from('\uFEFFhello\nworld\n', 'utf8') });
    const result = await edit(h, 'bom.txt', { edits: [{ oldText: 'world', newText: 'there' }] });
    expect(result.isError).toBe(false);
    const bytes = await readFile(h.dir.resolve('bom.txt'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('hello\nthere\n');
    expect(result.structured?.sha256).toBe(sha256(bytes));
  });

  it('refuses a stale expectedSha256 and changes nothing', async () => {
    const h = await harness({ 'a.txt': 'current\n' });
    const result = await edit(h, 'a.txt', {
      edits: [{ oldText: 'current', newText: 'next' }],
      expectedSha256: sha256('what the model read earlier\n')
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('changed since it was read');
    expect(result.text).toContain(sha256('current\n'));
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('current\n');
  });

  it('accepts a matching expectedSha256 (any case) and returns the hash of the new bytes for chaining', async () => {
    const h = await harness({ 'a.txt': 'v1\n' });
    const first = await edit(h, 'a.txt', {
      edits: [{ oldText: 'v1', newText: 'v2' }],
      expectedSha256: sha256('v1\n').toUpperCase()
    });
    expect(first.isError, first.text).toBe(false);
    expect(first.structured?.sha256).toBe(sha256(await readFile(h.dir.resolve('a.txt'))));
    expect(first.structured?.sha256).toBe(sha256('v2\n'));
    const second = await edit(h, 'a.txt', {
      edits: [{ oldText: 'v2', newText: 'v3' }],
      expectedSha256: first.structured?.sha256
    });
    expect(second.isError, second.text).toBe(false);
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('v3\n');
  });

  it('checks expectedModified against the time get_file_info reports', async () => {
    const h = await harness({ 'a.txt': 'before\n' });
    const stale = await edit(h, 'a.txt', {
      edits: [{ oldText: 'before', newText: 'after' }],
      expectedModified: '2001-02-03T04:05:06.000Z'
    });
    expect(stale.isError).toBe(true);
    expect(stale.text).toContain('2001-02-03T04:05:06.000Z');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('before\n');

    const invalid = await edit(h, 'a.txt', {
      edits: [{ oldText: 'before', newText: 'after' }],
      expectedModified: 'yesterday'
    });
    expect(invalid.isError).toBe(true);
    expect(invalid.text).toContain('not an ISO 8601 time');

    const info = await h.call('get_file_info', { path: 'a.txt' });
    const fresh = await edit(h, 'a.txt', {
      edits: [{ oldText: 'before', newText: 'after' }],
      expectedModified: info.structured?.modified
    });
    expect(fresh.isError, fresh.text).toBe(false);
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('after\n');
  });

  it('falls back to a unique indentation-insensitive match and keeps the file’s indentation', async () => {
    const file = [
      'class A {',
      '    run() {',
      '        if (x) {',
      '            go();',
      '        }',
      '    }',
      '}',
      ''
    ].join('\n');
    const h = await harness({ 'a.js': file });
    const result = await edit(h, 'a.js', {
      edits: [{ oldText: 'if (x) {\n    go();\n}', newText: 'if (y) {\n    stop();\n}' }]
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured?.replacements).toEqual([1]);
    expect(await readFile(h.dir.resolve('a.js'), 'utf8')).toBe(
      [
        'class A {',
        '    run() {',
        '        if (y) {',
        '            stop();',
        '        }',
        '    }',
        '}',
        ''
      ].join('\n')
    );
  });

  it('in the indentation-insensitive fallback, adds no blank lines for a trailing newline or indents empty lines', async () => {
    const file = ['def f():', '    a = 1', '    b = 2', '    return a + b', ''].join('\n');
    const h = await harness({ 'f.py': file });
    const result = await edit(h, 'f.py', {
      edits: [{ oldText: '  a = 1\n  b = 2\n', newText: '  a = 10\n\n  b = 20\n' }]
    });
    expect(result.isError, result.text).toBe(false);
    expect(await readFile(h.dir.resolve('f.py'), 'utf8')).toBe(
      ['def f():', '    a = 10', '', '    b = 20', '    return a + b', ''].join('\n')
    );
  });

  it('does not use the fallback when the loose match is ambiguous', async () => {
    const file = 'if (a) {\n  x();\n}\nif (b) {\n    x();\n}\n';
    const h = await harness({ 'a.js': file });
    const result = await edit(h, 'a.js', { edits: [{ oldText: '\tx();', newText: 'y();' }] });
    expect(result.isError).toBe(true);
    expect(await readFile(h.dir.resolve('a.js'), 'utf8')).toBe(file);
  });

  it('keeps the file’s permissions and edits a symlink’s target, keeping the link', async () => {
    const h = await harness({ 'real.txt': 'a = 1\n', 'link.txt': { symlink: 'real.txt' } });
    await chmod(h.dir.resolve('real.txt'), 0o600);
    const result = await edit(h, 'link.txt', { edits: [{ oldText: 'a = 1', newText: 'a = 2' }] });
    expect(result.isError, result.text).toBe(false);
    expect(await readFile(h.dir.resolve('real.txt'), 'utf8')).toBe('a = 2\n');
    expect((await stat(h.dir.resolve('real.txt'))).mode & 0o777).toBe(0o600);
    expect((await lstat(h.dir.resolve('link.txt'))).isSymbolicLink()).toBe(true);
  });

  it('refuses a binary file', async () => {
    const bytes = Buffer.from([0x61, 0x00, 0x62, 0x0a]);
    const h = await harness({ 'b.bin': bytes });
    const result = await edit(h, 'b.bin', { edits: [{ oldText: 'a', newText: 'c' }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('binary');
    expect(await readFile(h.dir.resolve('b.bin'))).toEqual(bytes);
  });

  it('refuses a file that is not valid UTF-8 rather than corrupting its other characters', async () => {
    const bytes = Buffer.from('caf\xe9 au lait\nsecond line\n', 'latin1');
    const h = await harness({ 'latin1.txt': bytes });
    const result = await edit(h, 'latin1.txt', { edits: [{ oldText: 'second', newText: 'third' }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('UTF-8');
    expect(await readFile(h.dir.resolve('latin1.txt'))).toEqual(bytes);
  });

  it('refuses a missing file and a directory', async () => {
    const h = await harness({ dir: {} });
    const missing = await edit(h, 'nope.txt', { edits: [{ oldText: 'a', newText: 'b' }] });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('does not exist');
    const directory = await edit(h, 'dir', { edits: [{ oldText: 'a', newText: 'b' }] });
    expect(directory.isError).toBe(true);
    expect(directory.text).toContain('is a directory');
  });

  it('refuses a file over maxFileBytes', async () => {
    const h = await harness({ 'big.txt': 'x'.repeat(5000) }, { maxFileBytes: 4096 });
    const result = await edit(h, 'big.txt', { edits: [{ oldText: 'xx', newText: 'y', replaceAll: true }] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('4096-byte edit limit');
  });

  it('cuts a large diff to the budget but still writes the whole edit', async () => {
    const file = Array.from({ length: 600 }, (_, index) => `value ${index} = old`).join('\n');
    const h = await harness({ 'big.txt': `${file}\n` }, { maxOutputBytes: 4096 });
    const result = await edit(h, 'big.txt', {
      edits: [{ oldText: '= old', newText: '= new', replaceAll: true }]
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ diffTruncated: true, replacements: [600] });
    expect(Buffer.byteLength(JSON.stringify(result.structured))).toBeLessThanOrEqual(4096);
    expect(await readFile(h.dir.resolve('big.txt'), 'utf8')).toBe(`${file.replaceAll('= old', '= new')}\n`);
  });
});

describe.each(ALL_CONNECTIONS)('edit_file over $entry in the $era era', ({ era, entry }) => {
  it('edits with a hash check and reports the diff', async () => {
    const h = await harness({ 'a.txt': 'one\ntwo\n' }, { era, entry });
    const result = await edit(h, 'a.txt', {
      edits: [{ oldText: 'two', newText: 'TWO' }],
      expectedSha256: sha256('one\ntwo\n')
    });
    expect(result.isError, result.text).toBe(false);
    expect(String(result.structured?.diff)).toContain('-two\n+TWO');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe('one\nTWO\n');
  });
});
