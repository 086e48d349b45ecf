import { applyPatch, createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';

import { changedSpan } from './changed-span.js';
import { coarseHunk } from './coarse-diff.js';
import { DIFF_MAX_CHANGED_LINES, unifiedDiff } from './unified-diff.js';

/** A deterministic pseudo-random generator (a linear congruential one), so a failure reproduces. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return below => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

/** Short texts over an alphabet that has line breaks of both kinds and multi-unit characters. */
function texts(count: number): [before: string, after: string][] {
  const random = generator(7);
  const alphabet = ['a', 'b', 'c', '\n', '\n', '\r\n', 'é', '😀'];
  const text = () => Array.from({ length: random(30) }, () => alphabet[random(alphabet.length)]).join('');
  return Array.from({ length: count }, () => {
    const before = text();
    const after =
      random(3) === 0
        ? text()
        : before.slice(0, random(before.length + 1)) + text() + before.slice(random(before.length + 1));
    return [before, after];
  });
}

describe('unifiedDiff', () => {
  it('is the diff package’s own diff of the whole texts when the change is small', () => {
    for (const [before, after] of texts(3000)) {
      const diff = unifiedDiff({ path: 'f.txt', before, after, maxChars: Infinity });
      expect(diff.kind).toBe('exact');
      expect(diff.text).toBe(
        createTwoFilesPatch('f.txt', 'f.txt', before, after, 'original', 'modified', { context: 3 })
      );
    }
  });

  it('numbers the hunks of a small edit deep in a large file as the whole-file diff does', () => {
    const lines = Array.from({ length: 20_000 }, (_, index) => `line ${index}`);
    const before = `${lines.join('\n')}\n`;
    lines[12_345] = 'changed';
    lines.splice(15_000, 2);
    const after = `${lines.join('\n')}\n`;
    const diff = unifiedDiff({ path: 'f.txt', before, after, maxChars: Infinity });
    expect(diff.text).toBe(
      createTwoFilesPatch('f.txt', 'f.txt', before, after, 'original', 'modified', { context: 3 })
    );
    expect(diff.text).toContain('@@ -12343,7 +12343,7 @@');
  });

  it('gives a coarse diff that still applies when the change is too large to diff line by line', () => {
    const count = DIFF_MAX_CHANGED_LINES;
    const before = `head\n${Array.from({ length: count }, (_, index) => `value ${index} = old`).join('\n')}\ntail`;
    const after = before.replaceAll('= old', '= new');
    const diff = unifiedDiff({ path: 'f.txt', before, after, maxChars: Infinity });
    expect(diff.kind).toBe('coarse');
    expect(diff.text).toMatch(
      new RegExp(
        `^Coarse diff: .* the ${count} lines from line 2 are shown replaced whole by ${count} lines\\.\n`
      )
    );
    expect(diff.text).toContain(`@@ -1,${count + 2} +1,${count + 2} @@`);
    expect(applyPatch(before, diff.text)).toBe(after);
  });

  it('builds coarse hunks that apply, for any change', () => {
    for (const [before, after] of texts(3000)) {
      const span = changedSpan(before, after, 3);
      if (span === undefined) {
        expect(before).toBe(after);
        continue;
      }
      const patch = {
        oldFileName: 'f.txt',
        newFileName: 'f.txt',
        oldHeader: undefined,
        newHeader: undefined,
        hunks: [coarseHunk(span, Infinity)]
      };
      expect(applyPatch(before, patch)).toBe(after);
    }
  });

  it('stops listing a coarse diff’s lines past maxChars but keeps its true line counts', () => {
    const before = Array.from({ length: 50_000 }, (_, index) => `value ${index} = old`).join('\n');
    const after = before.replaceAll('= old', '= new');
    const diff = unifiedDiff({ path: 'f.txt', before, after, maxChars: 10_000 });
    expect(diff.kind).toBe('coarse');
    expect(diff.text).toContain('@@ -1,50000 +1,50000 @@');
    expect(diff.text.length).toBeGreaterThan(10_000);
    expect(diff.text.length).toBeLessThan(11_000);
  });
});
