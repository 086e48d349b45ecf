import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { ALL_CONNECTIONS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { readMultipleFilesTool } from '../src/tools/read-multiple-files.js';
import { readTextFileTool } from '../src/tools/read-text-file.js';
import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

/** `count` lines `line 1` … `line count`, each ending with a newline. */
function numberedLines(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}\n`).join('');
}

/** The JSON size of a value, as the server's output budget measures it. */
function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A valid 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
);

describe('read_text_file', () => {
  it('returns a whole file exactly, with its size and line count', async () => {
    const text = 'alpha\nbeta\ngamma\n';
    const h = await harness({ 'a.txt': text });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt') });
    expect(result.isError).toBe(false);
    expect(result.text).toBe(text);
    expect(result.structured).toMatchObject({
      path: h.dir.resolve('a.txt'),
      content: text,
      size: Buffer.byteLength(text),
      truncated: false,
      startLine: 1,
      endLine: 3,
      totalLines: 3
    });
    expect(result.structured?.nextOffset).toBeUndefined();
  });

  it('resolves a relative path against the allowed directory', async () => {
    const h = await harness({ sub: { 'b.txt': 'relative\n' } });
    const result = await h.call('read_text_file', { path: 'sub/b.txt' });
    expect(result.isError).toBe(false);
    expect(result.structured?.content).toBe('relative\n');
  });

  it('returns the first N lines with head, marked as truncated with the next offset', async () => {
    const h = await harness({ 'a.txt': numberedLines(10) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), head: 3 });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({
      content: 'line 1\nline 2\nline 3',
      startLine: 1,
      endLine: 3,
      truncated: true,
      cutBy: 'limit',
      contentBytes: Buffer.byteLength('line 1\nline 2\nline 3'),
      size: Buffer.byteLength(numberedLines(10)),
      nextOffset: 4
    });
    expect(result.structured?.reason).toContain('offset=4');
    // As the official server: the lines asked for, and nothing else.
    expect(result.text).toBe('line 1\nline 2\nline 3');
  });

  it('returns the whole file untruncated when head covers every line', async () => {
    const h = await harness({ 'a.txt': numberedLines(3) });
    for (const head of [3, 10]) {
      const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), head });
      expect(result.structured).toMatchObject({
        content: 'line 1\nline 2\nline 3',
        truncated: false,
        totalLines: 3
      });
      expect(result.structured?.nextOffset).toBeUndefined();
    }
  });

  it('returns the last N lines with tail', async () => {
    const h = await harness({ 'a.txt': numberedLines(10) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), tail: 2 });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ content: 'line 9\nline 10', truncated: false });
  });

  it('returns the last lines of a file without a trailing newline', async () => {
    const h = await harness({ 'a.txt': 'one\ntwo\nthree' });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), tail: 2 });
    expect(result.structured?.content).toBe('two\nthree');
  });

  it('shows CRLF lines without their carriage returns (tail, head and whole file)', async () => {
    const h = await harness({ 'crlf.txt': 'one\r\ntwo\r\nthree\r\nfour' });
    const path = h.dir.resolve('crlf.txt');
    const tail = await h.call('read_text_file', { path, tail: 2 });
    expect(tail.structured?.content).toBe('three\nfour');
    const head = await h.call('read_text_file', { path, head: 2 });
    expect(head.structured?.content).toBe('one\ntwo');
    const whole = await h.call('read_text_file', { path });
    expect(whole.structured?.content).toBe('one\ntwo\nthree\nfour');
    expect(whole.structured?.content).not.toContain('\r');
  });

  it('numbers the lines of a tail with their real line numbers', async () => {
    const h = await harness({ 'a.txt': numberedLines(12) });
    const result = await h.call('read_text_file', {
      path: h.dir.resolve('a.txt'),
      tail: 2,
      lineNumbers: true
    });
    expect(result.structured).toMatchObject({
      content: '    11\tline 11\n    12\tline 12',
      startLine: 11,
      endLine: 12,
      totalLines: 12
    });
  });

  it('returns an offset+limit range with cat -n style line numbers', async () => {
    const h = await harness({ 'a.txt': numberedLines(5) });
    const result = await h.call('read_text_file', {
      path: h.dir.resolve('a.txt'),
      offset: 2,
      limit: 2,
      lineNumbers: true
    });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({
      content: '     2\tline 2\n     3\tline 3',
      startLine: 2,
      endLine: 3,
      truncated: true,
      cutBy: 'limit',
      nextOffset: 4
    });
    expect(result.text).toBe('     2\tline 2\n     3\tline 3');
  });

  it('reads from an offset to the end and reports the total', async () => {
    const h = await harness({ 'a.txt': numberedLines(5) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), offset: 4 });
    expect(result.structured).toMatchObject({ startLine: 4, endLine: 5, totalLines: 5, truncated: false });
    expect(String(result.structured?.content).trimEnd()).toBe('line 4\nline 5');
  });

  it('truncates at a line boundary within the budget, and nextOffset continues exactly to the end', async () => {
    const text = numberedLines(1000, 'row number');
    const h = await harness({ 'big.txt': text }, { maxOutputBytes: 4096 });
    const path = h.dir.resolve('big.txt');
    const seen: string[] = [];
    let offset: number | undefined = 1;
    let calls = 0;
    while (offset !== undefined) {
      const result = await h.call('read_text_file', { path, offset });
      expect(result.isError).toBe(false);
      expect(jsonSize(result.structured)).toBeLessThanOrEqual(4096);
      const structured = result.structured!;
      expect(structured.startLine).toBe(offset);
      const lines = String(structured.content).replace(/\n$/, '').split('\n');
      expect(structured.endLine).toBe(offset + lines.length - 1);
      seen.push(...lines);
      const next = structured.nextOffset as number | undefined;
      if (next !== undefined) {
        expect(structured).toMatchObject({ truncated: true, cutBy: 'budget' });
        expect(result.text).toContain(`offset=${next}`);
      } else {
        expect(structured.truncated).toBe(false);
        expect(structured.totalLines).toBe(1000);
      }
      offset = next;
      calls++;
      expect(calls).toBeLessThan(100);
    }
    expect(calls).toBeGreaterThan(5);
    expect(seen).toEqual(text.trimEnd().split('\n'));
  });

  it('keeps numbered pages of very short lines within the budget and continuous', async () => {
    const text = Array.from({ length: 3000 }, (_, index) => (index % 10 === 0 ? `${index + 1}` : '')).join(
      '\n'
    );
    const h = await harness({ 'short.txt': `${text}\n` }, { maxOutputBytes: 4096 });
    const path = h.dir.resolve('short.txt');
    let offset: number | undefined = 1;
    let lastEnd = 0;
    let calls = 0;
    while (offset !== undefined) {
      const result = await h.call('read_text_file', { path, offset, lineNumbers: true });
      expect(result.isError, result.text).toBe(false);
      expect(jsonSize(result.structured)).toBeLessThanOrEqual(4096);
      const content = String(result.structured?.content);
      const first = content.split('\n')[0]!;
      expect(first).toBe(`${String(offset).padStart(6)}\t${(offset - 1) % 10 === 0 ? String(offset) : ''}`);
      const read = readTextFileTool.output.parse(result.structured);
      lastEnd = read.endLine!;
      offset = read.nextOffset;
      calls++;
      expect(calls).toBeLessThan(200);
    }
    expect(lastEnd).toBe(3000);
  });

  it('keeps a tail of many short lines within the budget', async () => {
    const h = await harness({ 'short.txt': 'x\n'.repeat(5000) }, { maxOutputBytes: 4096 });
    const result = await h.call('read_text_file', {
      path: h.dir.resolve('short.txt'),
      tail: 5000,
      lineNumbers: true
    });
    expect(result.isError, result.text).toBe(false);
    expect(jsonSize(result.structured)).toBeLessThanOrEqual(4096);
    expect(result.structured).toMatchObject({ truncated: true, cutBy: 'budget' });
    const content = String(result.structured?.content);
    expect(content.endsWith('  5000\tx')).toBe(true);
    // Numbered, the tail says where it starts, and so what to read for the lines before it.
    const start = readTextFileTool.output.parse(result.structured).startLine;
    expect(content.startsWith(`${String(start).padStart(6)}\tx`)).toBe(true);
    expect(result.structured?.reason).toContain(`read the lines before line ${start} with offset and limit`);
    expect(result.text).toContain('[Truncated: Showing lines');
  });

  it('cuts a single line longer than the budget and says so', async () => {
    const h = await harness({ 'long.txt': 'y'.repeat(20_000) }, { maxOutputBytes: 4096 });
    const result = await h.call('read_text_file', { path: h.dir.resolve('long.txt') });
    expect(result.isError).toBe(false);
    expect(jsonSize(result.structured)).toBeLessThanOrEqual(4096);
    const content = String(result.structured?.content);
    expect(content.length).toBeGreaterThan(1000);
    expect(content).toBe('y'.repeat(content.length));
    expect(result.structured).toMatchObject({
      truncated: true,
      lineCut: true,
      totalLines: 1,
      cutBy: 'budget'
    });
    // The file has one line only, so there is nothing to continue with.
    expect(result.structured?.nextOffset).toBeUndefined();
    expect(result.structured?.reason).toContain(`only its first ${content.length} bytes are shown`);
  });

  it('refuses head and tail together', async () => {
    const h = await harness({ 'a.txt': numberedLines(3) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), head: 1, tail: 1 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/head and tail cannot be used together/);
  });

  it('refuses tail with offset', async () => {
    const h = await harness({ 'a.txt': numberedLines(3) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), tail: 1, offset: 2 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/tail cannot be combined/);
  });

  it('refuses an offset past the end and names the line count', async () => {
    const h = await harness({ 'a.txt': numberedLines(7) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), offset: 50 });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('has 7 lines');
    expect(result.text).toContain('offset 50');
  });

  it('counts the last line of a file without a trailing newline when the offset is past the end', async () => {
    const h = await harness({ 'a.txt': 'a\nb\nc' });
    const result = await h.call('read_text_file', { path: h.dir.resolve('a.txt'), offset: 9 });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('has 3 lines');
  });

  it('refuses a binary file and points to read_media_file', async () => {
    const h = await harness({ 'blob.dat': Buffer.from([0x41, 0x00, 0x42, 0x00, 0x43]) });
    const result = await h.call('read_text_file', { path: h.dir.resolve('blob.dat') });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('binary');
    expect(result.text).toContain('read_media_file');
  });

  it('reports a missing file as not existing', async () => {
    const h = await harness({});
    const result = await h.call('read_text_file', { path: h.dir.resolve('nope.txt') });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('does not exist');
  });

  it('refuses a directory', async () => {
    const h = await harness({ sub: { 'x.txt': 'x' } });
    const result = await h.call('read_text_file', { path: h.dir.resolve('sub') });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('is a directory');
  });

  it('reads an empty file as empty text, also as a numbered tail', async () => {
    const h = await harness({ 'empty.txt': '' });
    const result = await h.call('read_text_file', { path: h.dir.resolve('empty.txt') });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ content: '', size: 0, truncated: false, totalLines: 0 });
    const tail = await h.call('read_text_file', {
      path: h.dir.resolve('empty.txt'),
      tail: 5,
      lineNumbers: true
    });
    expect(tail.isError).toBe(false);
    expect(tail.structured).toMatchObject({ content: '', totalLines: 0, truncated: false });
    expect(tail.structured?.endLine).toBeUndefined();
  });

  it('keeps multi-byte characters whole', async () => {
    const text = 'héllo wörld\n日本語テキスト\n😀 emoji\n';
    const h = await harness({ 'u.txt': text });
    const result = await h.call('read_text_file', { path: h.dir.resolve('u.txt'), offset: 2, limit: 2 });
    expect(result.structured?.content).toBe('日本語テキスト\n😀 emoji');
  });

  describe('on a 50 MB file', () => {
    const LINES = 1_000_000;
    const lineText = (n: number) => `line ${String(n).padStart(7, '0')} ${'x'.repeat(36)}`;
    let big: FsHarness;

    it('reads head, an offset range, tail and a default page correctly and within budget', async () => {
      big = await harness({});
      const chunks: string[] = [];
      for (let n = 1; n <= LINES; n++) chunks.push(lineText(n));
      const text = `${chunks.join('\n')}\n`;
      expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(50_000_000);
      const path = big.dir.resolve('big.log');
      await writeFile(path, text);

      const head = await big.call('read_text_file', { path, head: 3 });
      expect(head.structured?.content).toBe([1, 2, 3].map(lineText).join('\n'));
      expect(head.structured?.size).toBe(Buffer.byteLength(text));

      const range = await big.call('read_text_file', { path, offset: 1000, limit: 3, lineNumbers: true });
      expect(range.structured).toMatchObject({
        content: [1000, 1001, 1002].map(n => `${String(n).padStart(6)}\t${lineText(n)}`).join('\n'),
        startLine: 1000,
        endLine: 1002,
        nextOffset: 1003,
        truncated: true
      });

      const tail = await big.call('read_text_file', { path, tail: 2, lineNumbers: true });
      expect(tail.structured).toMatchObject({
        content: `${LINES - 1}\t${lineText(LINES - 1)}\n${LINES}\t${lineText(LINES)}`,
        startLine: LINES - 1,
        endLine: LINES,
        totalLines: LINES
      });

      const page = await big.call('read_text_file', { path, offset: 5 });
      expect(page.isError).toBe(false);
      expect(jsonSize(page.structured)).toBeLessThanOrEqual(65_536);
      const lines = String(page.structured?.content).split('\n');
      expect(lines[0]).toBe(lineText(5));
      expect(lines.at(-1)).toBe(lineText(4 + lines.length));
      expect(page.structured).toMatchObject({ truncated: true, nextOffset: 5 + lines.length });

      const last = await big.call('read_text_file', { path, offset: LINES });
      expect(last.structured).toMatchObject({ startLine: LINES, totalLines: LINES, truncated: false });
    });
  });
});

describe.each(ALL_CONNECTIONS)('reads over $entry in the $era era', ({ era, entry }) => {
  it('returns a numbered range and a PNG image block', async () => {
    const h = await harness({ 'a.txt': numberedLines(5), 'dot.png': PNG }, { era, entry });
    const range = await h.call('read_text_file', { path: 'a.txt', offset: 4, lineNumbers: true });
    expect(range.structured).toMatchObject({ content: '     4\tline 4\n     5\tline 5', totalLines: 5 });
    const media = await h.client.callTool({ name: 'read_media_file', arguments: { path: 'dot.png' } });
    expect(media.content).toEqual([{ type: 'image', data: PNG.toString('base64'), mimeType: 'image/png' }]);
  });
});

describe('read_file (deprecated alias)', () => {
  it('gives the same results as read_text_file', async () => {
    const h = await harness({ 'a.txt': numberedLines(20), 'crlf.txt': 'a\r\nb\r\n' });
    const cases: Record<string, unknown>[] = [
      { path: h.dir.resolve('a.txt') },
      { path: h.dir.resolve('a.txt'), head: 2 },
      { path: h.dir.resolve('a.txt'), tail: 3, lineNumbers: true },
      { path: h.dir.resolve('a.txt'), offset: 5, limit: 4, lineNumbers: true },
      { path: h.dir.resolve('crlf.txt') },
      { path: h.dir.resolve('missing.txt') },
      { path: h.dir.resolve('a.txt'), offset: 99 }
    ];
    for (const args of cases) {
      const modern = await h.call('read_text_file', args);
      const alias = await h.call('read_file', args);
      expect(alias).toEqual(modern);
    }
  });
});

describe('read_multiple_files', () => {
  it('returns every file in order, with per-file errors that do not fail the call', async () => {
    const h = await harness({
      'a.txt': 'first file\n',
      'b.txt': 'second file\n',
      'blob.bin': Buffer.from([1, 0, 2, 0]),
      sub: { 'c.txt': 'c' }
    });
    const result = await h.call('read_multiple_files', {
      paths: [h.dir.resolve('a.txt'), h.dir.resolve('missing.txt'), 'b.txt', h.dir.resolve('blob.bin'), 'sub']
    });
    expect(result.isError).toBe(false);
    const { files } = readMultipleFilesTool.output.parse(result.structured);
    expect(files.map(file => file.path)).toEqual([
      h.dir.resolve('a.txt'),
      h.dir.resolve('missing.txt'),
      'b.txt',
      h.dir.resolve('blob.bin'),
      'sub'
    ]);
    expect(files[0]).toEqual({ path: h.dir.resolve('a.txt'), content: 'first file\n', size: 11 });
    expect(files[1]?.content).toBeUndefined();
    expect(files[1]?.error).toContain('does not exist');
    expect(files[2]).toMatchObject({ content: 'second file\n' });
    expect(files[3]?.error).toMatch(/binary/);
    expect(files[4]?.error).toContain('is a directory');
    expect(result.structured?.truncated).toBe(false);
    expect(result.text).toContain('first file');
    expect(result.text).toContain(`${h.dir.resolve('missing.txt')}: Error - `);
  });

  it('shares the budget: long files are cut to a prefix, short ones stay whole', async () => {
    const long1 = numberedLines(2000, 'one');
    const long2 = numberedLines(2000, 'two');
    const h = await harness(
      { 'l1.txt': long1, 'l2.txt': long2, 'small.txt': 'tiny\n' },
      { maxOutputBytes: 8192 }
    );
    const result = await h.call('read_multiple_files', { paths: ['l1.txt', 'small.txt', 'l2.txt'] });
    expect(result.isError, result.text).toBe(false);
    expect(jsonSize(result.structured)).toBeLessThanOrEqual(8192);
    const { files } = readMultipleFilesTool.output.parse(result.structured);
    expect(result.structured?.truncated).toBe(true);
    expect(files[0]?.truncated).toBe(true);
    expect(files[2]?.truncated).toBe(true);
    expect(files[1]).toMatchObject({ content: 'tiny\n', size: 5 });
    expect(files[1]?.truncated).toBeUndefined();
    expect(long1.startsWith(files[0]!.content!)).toBe(true);
    expect(long2.startsWith(files[2]!.content!)).toBe(true);
    expect(files[0]!.content!.length).toBeGreaterThan(500);
    expect(files[0]!.size!).toBe(Buffer.byteLength(long1));
    // Neither long file takes the whole budget.
    expect(Math.abs(files[0]!.content!.length - files[2]!.content!.length)).toBeLessThan(100);
    expect(result.text).toContain('[truncated: read the rest with read_text_file and offset]');
  });

  it('never cuts a multi-byte character in half, whether the budget or maxFileBytes cuts', async () => {
    const text = `a${'é'.repeat(6000)}`;
    const budgeted = await harness({ 'u.txt': text }, { maxOutputBytes: 8192 });
    const limited = await harness({ 'u.txt': text }, { maxFileBytes: 1000 });
    for (const h of [budgeted, limited]) {
      const result = await h.call('read_multiple_files', { paths: ['u.txt'] });
      const file = readMultipleFilesTool.output.parse(result.structured).files[0]!;
      expect(file.truncated).toBe(true);
      expect(file.content!.length).toBeGreaterThan(400);
      expect(file.content).not.toContain('\uFFFD');
      expect(text.startsWith(file.content!)).toBe(true);
    }
  });
});

describe('read_media_file', () => {
  it('returns a PNG as an image content block with its bytes in base64', async () => {
    const h = await harness({ 'dot.png': PNG });
    const result = await h.client.callTool({
      name: 'read_media_file',
      arguments: { path: h.dir.resolve('dot.png') }
    });
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([{ type: 'image', data: PNG.toString('base64'), mimeType: 'image/png' }]);
    expect(result.structuredContent).toMatchObject({
      mimeType: 'image/png',
      kind: 'image',
      size: PNG.length,
      data: PNG.toString('base64'),
      uri: pathToFileURL(h.dir.resolve('dot.png')).href
    });
  });

  it('returns an unknown binary as an embedded resource blob', async () => {
    const bytes = Buffer.from([0, 1, 2, 3, 254, 255, 0, 42]);
    const h = await harness({ 'data.bin': bytes });
    const result = await h.client.callTool({
      name: 'read_media_file',
      arguments: { path: h.dir.resolve('data.bin') }
    });
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([
      {
        type: 'resource',
        resource: {
          uri: pathToFileURL(h.dir.resolve('data.bin')).href,
          mimeType: 'application/octet-stream',
          blob: bytes.toString('base64')
        }
      }
    ]);
    expect(result.structuredContent).toMatchObject({ kind: 'resource', size: bytes.length });
  });

  it('reports a missing file', async () => {
    const h = await harness({});
    const result = await h.call('read_media_file', { path: h.dir.resolve('none.png') });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('does not exist');
  });
});
