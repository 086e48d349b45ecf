import { describe, expect, it } from 'vitest';

import { readTextFileTool } from '../src/tools/read-text-file.js';
import { harnessPerTest } from './harness.js';
import type { CallOutcome } from './harness.js';

const harness = harnessPerTest();

/** The structured result holds only what the advertised outputSchema declares, as it declares it. */
function expectDeclared(result: CallOutcome): void {
  const parsed = readTextFileTool.output.strict().safeParse(result.structured);
  expect(parsed.success, parsed.error?.message).toBe(true);
}

/** The JSON size of a value, as the server's output budget measures it. */
function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

// The tail is read backwards up to four budgets (and a chunk): a last line longer than that, about
// 320 KB at the default 64 KB budget, used to come back as an empty, untruncated result.
const LONG = 400_000;

/** A line of `length` characters that says where each part of it is, so a cut shows its place. */
function longLine(length: number, tag = ''): string {
  let text = tag;
  for (let index = 0; text.length < length; index++) text += `<${index}>`;
  return text.slice(0, length);
}

describe('read_text_file tail of a line longer than the output budget', () => {
  it('returns the end of a very long last line, marked truncated, with how to read its start', async () => {
    const last = longLine(LONG, 'START');
    const h = await harness({ 'one-line.txt': `short first line\n${last}\n` });
    const path = h.dir.resolve('one-line.txt');
    const result = await h.call('read_text_file', { path, tail: 1 });
    expect(result.isError, result.text).toBe(false);
    expectDeclared(result);
    const content = String(result.structured?.content);
    expect(content.length).toBeGreaterThan(60_000);
    expect(last.endsWith(content)).toBe(true);
    expect(jsonSize(result.structured)).toBeLessThanOrEqual(65_536);
    expect(jsonSize([{ type: 'text', text: result.text }])).toBeLessThanOrEqual(65_536);
    expect(result.structured).toMatchObject({
      truncated: true,
      lineCut: true,
      cutBy: 'budget',
      contentBytes: Buffer.byteLength(content)
    });
    expect(result.structured?.reason).toContain(`only its last ${Buffer.byteLength(content)} bytes`);
    expect(result.structured?.reason).toContain('lineNumbers=true');
    // The text says it too: the end of a line alone would pass for the whole of it.
    expect(result.text.startsWith(content)).toBe(true);
    expect(result.text).toContain('[Truncated: The last line is longer than the output budget');
  });

  it('names the long line when lines are numbered, and that offset shows its start', async () => {
    const last = longLine(LONG, 'START');
    const h = await harness({ 'three.txt': `one\ntwo\n${last}` });
    const path = h.dir.resolve('three.txt');
    const numbered = await h.call('read_text_file', { path, tail: 2, lineNumbers: true });
    expect(numbered.isError, numbered.text).toBe(false);
    expectDeclared(numbered);
    expect(numbered.structured).toMatchObject({ startLine: 3, endLine: 3, totalLines: 3, lineCut: true });
    const content = String(numbered.structured?.content);
    expect(content.startsWith('     3\t')).toBe(true);
    expect(last.endsWith(content.slice('     3\t'.length))).toBe(true);
    expect(numbered.structured?.reason).toContain('It is line 3: offset=3 shows its start.');
    const start = await h.call('read_text_file', { path, offset: 3 });
    expect(start.structured).toMatchObject({ startLine: 3, lineCut: true, truncated: true });
    expect(last.startsWith(String(start.structured?.content))).toBe(true);
    expect(String(start.structured?.content).startsWith('START<0>')).toBe(true);
  });

  it('takes as much of the line as fits, and never half a character', async () => {
    // Four UTF-8 bytes and two UTF-16 units per emoji: a cut by units could split a pair.
    const last = '😀'.repeat(LONG / 2);
    const h = await harness({ 'emoji.txt': last }, { maxOutputBytes: 8192 });
    const result = await h.call('read_text_file', { path: h.dir.resolve('emoji.txt'), tail: 1 });
    expect(result.isError, result.text).toBe(false);
    expectDeclared(result);
    const content = String(result.structured?.content);
    expect(content.length).toBeGreaterThan(1000);
    expect(jsonSize(result.structured)).toBeLessThanOrEqual(8192);
    expect(content).toBe('😀'.repeat(content.length / 2));
    // One more emoji would not fit in the payload budget (the call's budget less its envelope).
    const payload = 8192 - 2048;
    expect(jsonSize(content)).toBeLessThanOrEqual(payload);
    expect(jsonSize(`😀${content}`)).toBeGreaterThan(payload);
  });

  it('marks a tail truncated when a very long line before the last ones kept it short', async () => {
    const h = await harness({ 'middle.txt': `first\n${longLine(LONG)}\nsecond to last\nlast\n` });
    const result = await h.call('read_text_file', { path: h.dir.resolve('middle.txt'), tail: 3 });
    expect(result.isError, result.text).toBe(false);
    expectDeclared(result);
    expect(result.structured?.content).toBe('second to last\nlast');
    // Three lines were asked for and the file has more: two alone is not the whole answer.
    expect(result.structured?.truncated).toBe(true);
    expect(result.structured?.cutBy).toBe('budget');
    expect(result.structured?.lineCut).toBeUndefined();
    expect(result.structured?.reason).toContain('earlier lines did not fit the output budget');
    expect(result.text).toContain('[Truncated: Showing the last 2 lines');
  });
});
