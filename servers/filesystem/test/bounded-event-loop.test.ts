import { readFile } from 'node:fs/promises';

import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';
import type { CallOutcome } from './harness.js';

const harness = harnessPerTest();

/**
 * The longest the event loop may stall while one heavy call runs. The server runs in this
 * process, so a call that holds its loop delays this test's timers too. Generous for a loaded
 * machine; the unbounded versions stall for seconds.
 */
const MAX_STALL_MS = 1000;

/** Runs `work` while a timer ticks every 10 ms; returns its result and the longest stall seen. */
async function whileTicking<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const tick = () => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  };
  const timer = setInterval(tick, 10);
  try {
    const result = await work();
    tick();
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('grep with ignoreCase never holds the event loop', () => {
  it('stops a long case-insensitive literal over a large file at the timeout, with a hint, while another call is answered', async () => {
    // A case-insensitive RegExp of 'a'×999+'b' tries 1000 characters at each of these 3 MB.
    const h = await harness(
      { 'huge.txt': 'a'.repeat(3 * 1024 * 1024), 'small.txt': 'hello\n' },
      { regexTimeoutMs: 300 }
    );
    const finished: string[] = [];
    const { result: heavy, stallMs } = await whileTicking(async () => {
      const search = h
        .call('grep', { pattern: `${'a'.repeat(999)}b`, ignoreCase: true, path: 'huge.txt' })
        .then(outcome => {
          finished.push('grep');
          return outcome;
        });
      await new Promise(resolve => setTimeout(resolve, 100));
      const light = await h.call('read_text_file', { path: 'small.txt' });
      finished.push('read_text_file');
      expect(light.text).toContain('hello');
      return search;
    });
    expect(heavy.isError).toBe(true);
    expect(heavy.text).toContain('The case-insensitive search took over 300 ms');
    expect(heavy.text).toContain('ignoreCase: false');
    expect(finished).toEqual(['read_text_file', 'grep']);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });

  it('finds what the in-process search found: columns in the original text, one hit per line, literals across lines', async () => {
    const h = await harness({
      'a.txt': 'İx Needle NEEDLE\nnone\nxx neeDLE\n',
      'b.txt': 'foo\nBAR foo\nbar\n',
      'c.txt': 'a.*b A.*B\n'
    });
    const grep = async (args: Record<string, unknown>) => {
      const outcome: CallOutcome = await h.call('grep', { ignoreCase: true, ...args });
      expect(outcome.isError, outcome.text).toBe(false);
      const matches = (outcome.structured?.matches ?? []) as { line: number; column: number }[];
      return matches.map(found => [found.line, found.column]);
    };
    // 'İ' is one UTF-16 unit: lower-casing it would make two and shift the column.
    expect(await grep({ pattern: 'needle', path: 'a.txt' })).toEqual([
      [1, 4],
      [3, 4]
    ]);
    expect(await grep({ pattern: 'FOO\nbar', path: 'b.txt' })).toEqual([
      [1, 1],
      [2, 5]
    ]);
    expect(await grep({ pattern: 'a.*B', path: 'c.txt' })).toEqual([[1, 1]]);
  });
});

describe('edit_file never holds the event loop', () => {
  it('answers a many-line replaceAll dry run with a coarse diff that applies, without stalling', async () => {
    const lines = Array.from({ length: 5000 }, (_, index) => `value ${index} = old`);
    const original = `${lines.join('\n')}\n`;
    const h = await harness({ 'big.txt': original }, { maxOutputBytes: 1024 * 1024 });
    const { result, stallMs } = await whileTicking(() =>
      h.call('edit_file', {
        path: 'big.txt',
        edits: [{ oldText: '= old', newText: '= new', replaceAll: true }],
        dryRun: true
      })
    );
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ replacements: [5000], diffTruncated: false, dryRun: true });
    const diff = String(result.structured?.diff);
    expect(diff).toMatch(/^Coarse diff: .*the 5000 lines from line 1 are shown replaced whole/);
    expect(applyPatch(original, diff)).toBe(original.replaceAll('= old', '= new'));
    expect(await readFile(h.dir.resolve('big.txt'), 'utf8')).toBe(original);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });

  it('bounds the replacements of a call, and lets other calls run between many edits of a large file', async () => {
    // 100 edits each replacing 4 million single characters would be 400 million replacements.
    const h = await harness({ 'as.txt': `${'a'.repeat(4_000_000)}${'b '.repeat(1000)}` });
    const many = Array.from({ length: 100 }, () => ({ oldText: 'a', newText: 'a', replaceAll: true }));
    const { result: refused, stallMs: refusedStall } = await whileTicking(() =>
      h.call('edit_file', { path: 'as.txt', edits: many, dryRun: true })
    );
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/past 200000 replacements; nothing was changed/);
    expect(refusedStall).toBeLessThan(MAX_STALL_MS);
    // A hundred edits of a thousand replacements each: a pass over 4 MB apiece, others in between.
    const edits = Array.from({ length: 100 }, () => ({ oldText: 'b ', newText: 'b ', replaceAll: true }));
    const { result, stallMs } = await whileTicking(async () => {
      const [edited, other] = await Promise.all([
        h.call('edit_file', { path: 'as.txt', edits, dryRun: true }),
        h.call('list_allowed_directories', {})
      ]);
      expect(other.isError).toBe(false);
      return edited;
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ replacements: Array(100).fill(1000) });
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
    // Not unique, and said so at once: only the first few places are looked for.
    const { result: ambiguous, stallMs: ambiguousStall } = await whileTicking(() =>
      h.call('edit_file', { path: 'as.txt', edits: [{ oldText: 'aa', newText: 'b' }], dryRun: true })
    );
    expect(ambiguous.text).toMatch(/occurs more than 10 times/);
    expect(ambiguousStall).toBeLessThan(MAX_STALL_MS);
  });

  it('matches a many-line oldText ignoring indentation in linear time on a file of repeated lines', async () => {
    // Comparing oldText's 15,000 lines at each of 60,000 starts is 675 million line comparisons.
    const h = await harness({ 'same.txt': 'x\n'.repeat(60_000) });
    const { result, stallMs } = await whileTicking(() =>
      h.call('edit_file', {
        path: 'same.txt',
        edits: [{ oldText: `${'  x\n'.repeat(15_000)}  y`, newText: 'z' }]
      })
    );
    expect(result.isError).toBe(true);
    expect(result.text).toContain('was not found');
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });

  it('still finds a unique indentation-insensitive match that overlaps a partial one', async () => {
    const h = await harness({ 'a.py': '    a\n    a\n    a\n    b\n    a\n' });
    const result = await h.call('edit_file', {
      path: 'a.py',
      edits: [{ oldText: 'a\na\nb', newText: 'c\n  d' }]
    });
    expect(result.isError, result.text).toBe(false);
    expect(await readFile(h.dir.resolve('a.py'), 'utf8')).toBe('    a\n    c\n      d\n    a\n');
  });
});
