import { readFile, stat } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

describe('edit_file cannot write a file over maxFileBytes', () => {
  it('refuses a replaceAll whose result would be over the limit, naming both sizes, and writes nothing', async () => {
    const original = `${'x'.repeat(99)}\n`.repeat(300);
    const h = await harness({ 'a.txt': original }, { maxFileBytes: 64 * 1024 });
    const newText = 'longer text';
    const result = await h.call('edit_file', {
      path: 'a.txt',
      edits: [{ oldText: 'x', newText, replaceAll: true }]
    });
    const size = original.length + 99 * 300 * (newText.length - 1);
    expect(result.isError).toBe(true);
    expect(result.text).toContain(`would make the file ${size} bytes, over the ${64 * 1024}-byte limit`);
    expect(result.text).toContain('--max-file-bytes');
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe(original);
  });

  it('refuses, from the count of replacements, a result far larger than memory could hold', async () => {
    // 100,000 x, each replaced by 512 KiB: 52 GB, refused before any of it is built.
    const original = 'x'.repeat(100_000);
    const h = await harness({ 'a.txt': original });
    const newText = 'y'.repeat(512 * 1024);
    const result = await h.call('edit_file', {
      path: 'a.txt',
      edits: [{ oldText: 'x', newText, replaceAll: true }]
    });
    expect(result.isError).toBe(true);
    const size = original.length + original.length * (newText.length - 1);
    expect(result.text).toContain(
      `would make the file ${size} bytes, over the ${10 * 1024 * 1024}-byte limit`
    );
    expect((await stat(h.dir.resolve('a.txt'))).size).toBe(original.length);
  });

  it('counts the bytes as written: a byte order mark, CRLF line breaks and multi-byte characters', async () => {
    const original = Buffer.from('\uFEFFone\r\ntwo\r\n', 'utf8');
    const edits = [{ oldText: 'two', newText: 'zwei\ndeux é' }];
    const expected = Buffer.from('\uFEFFone\r\nzwei\r\ndeux é\r\n', 'utf8');

    const tight = await harness({ 'a.txt': original }, { maxFileBytes: expected.length - 1 });
    const refused = await tight.call('edit_file', { path: 'a.txt', edits });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`${expected.length} bytes, over the ${expected.length - 1}-byte limit`);
    expect(await readFile(tight.dir.resolve('a.txt'))).toEqual(original);

    const exact = await harness({ 'a.txt': original }, { maxFileBytes: expected.length });
    const accepted = await exact.call('edit_file', { path: 'a.txt', edits });
    expect(accepted.isError, accepted.text).toBe(false);
    expect(await readFile(exact.dir.resolve('a.txt'))).toEqual(expected);
  });

  it('weighs the indentation-insensitive fallback’s re-indented lines before building them', async () => {
    const indent = ' '.repeat(1000);
    const original = `${indent}start\n${indent}end\n`;
    const h = await harness({ 'a.txt': original }, { maxFileBytes: 1024 * 1024 });
    // Each of newText's 2000 lines takes the file's 1000-space indentation.
    const newText = 'a\n'.repeat(2000);
    const result = await h.call('edit_file', {
      path: 'a.txt',
      edits: [{ oldText: 'start\nend', newText }]
    });
    const wouldBe = `${`${indent}a\n`.repeat(2000)}\n`;
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      `would make the file ${wouldBe.length} bytes, over the ${1024 * 1024}-byte limit`
    );
    expect(await readFile(h.dir.resolve('a.txt'), 'utf8')).toBe(original);
  });
});

describe('write_file cannot write a file over maxFileBytes', () => {
  it('refuses content over the limit, in UTF-8 bytes, and accepts content at it', async () => {
    const h = await harness({}, { maxFileBytes: 1000 });
    const over = await h.call('write_file', { path: 'a.txt', content: 'é'.repeat(501) });
    expect(over.isError).toBe(true);
    expect(over.text).toContain('1002 bytes, over the 1000-byte limit');
    await expect(stat(h.dir.resolve('a.txt'))).rejects.toThrow();
    const at = await h.call('write_file', { path: 'a.txt', content: 'é'.repeat(500) });
    expect(at.isError, at.text).toBe(false);
    expect((await stat(h.dir.resolve('a.txt'))).size).toBe(1000);
  });

  it('refuses an append that would take the file over the limit, and accepts one up to it', async () => {
    const h = await harness({ 'log.txt': 'x'.repeat(900) }, { maxFileBytes: 1000 });
    const over = await h.call('write_file', { path: 'log.txt', content: 'y'.repeat(101), append: true });
    expect(over.isError).toBe(true);
    expect(over.text).toContain('Appending this would make');
    expect(over.text).toContain('1001 bytes, over the 1000-byte limit');
    expect(await readFile(h.dir.resolve('log.txt'), 'utf8')).toBe('x'.repeat(900));
    const at = await h.call('write_file', { path: 'log.txt', content: 'y'.repeat(100), append: true });
    expect(at.isError, at.text).toBe(false);
    expect((await stat(h.dir.resolve('log.txt'))).size).toBe(1000);
  });
});
