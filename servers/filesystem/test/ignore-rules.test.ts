import ignore from 'ignore';
import { describe, expect, it } from 'vitest';

import { IGNORE_LIMITS, boundRules, compileRules } from '../src/fs/ignore-rules.js';

const unlimited = { rules: Number.POSITIVE_INFINITY, innerGlobstarRules: Number.POSITIVE_INFINITY };

describe('boundRules', () => {
  it('keeps rules whose match stays linear, and leaves out those that would backtrack', () => {
    const keep = ['**/node_modules/**', '/**/cache', 'a/**/b', '*.log', 'dist/', '!keep.log', '\tname'];
    const drop = ['**/a/**/b', 'a/**/b/**/c', 'a/**/**/b', `${'*x'.repeat(IGNORE_LIMITS.wildcards + 1)}`];
    const text = [
      '# comment',
      '',
      '   ',
      ...keep,
      ...drop,
      `y${'z'.repeat(IGNORE_LIMITS.ruleCharacters)}`
    ].join('\n');
    const bounded = boundRules(text, unlimited);
    expect(bounded.lines).toEqual(keep);
    expect(bounded).toMatchObject({ applied: keep.length, skipped: drop.length + 1, innerGlobstarRules: 1 });
    expect(bounded.stoppedAtLine).toBeUndefined();
  });

  it('stops at the budget and names the first line not applied', () => {
    const bounded = boundRules('# head\na\nb\n\nc\nd\n', { rules: 2, innerGlobstarRules: 0 });
    expect(bounded).toEqual({
      lines: ['a', 'b'],
      applied: 2,
      innerGlobstarRules: 0,
      skipped: 0,
      stoppedAtLine: 5
    });
  });

  it('splits lines as git does: CRLF, and one CR at the very end', () => {
    expect(boundRules('a\r\nb\r\nc\r', unlimited).lines).toEqual(['a', 'b', 'c']);
  });
});

describe('compileRules', () => {
  it('answers as one ignore() given the same rules, across its chunks', async () => {
    const lines = Array.from({ length: 1_700 }, (_, index) =>
      index % 97 === 0 ? `!keep-${index % 5}` : index % 3 === 0 ? `dir-${index}/` : `*.ext${index % 400}`
    );
    lines.unshift('\uFEFFbom-first');
    // The first line of the second chunk: a BOM there is part of the rule (git drops only the file's).
    lines[500] = '\uFEFFmid-bom';
    const chunked = await compileRules(lines);
    const whole = ignore().add(lines.join('\n'));
    const paths = [
      'bom-first',
      'mid-bom',
      '\uFEFFmid-bom',
      ...Array.from({ length: 500 }, (_, index) => `a/b/file-${index}.ext${index % 450}`),
      ...Array.from({ length: 50 }, (_, index) => `dir-${index * 3}/x`),
      ...Array.from({ length: 5 }, (_, index) => `keep-${index}`)
    ];
    expect(paths.map(path => chunked.ignores(path))).toEqual(paths.map(path => whole.ignores(path)));
    expect(chunked.ignores('bom-first')).toBe(true);
    expect([chunked.ignores('mid-bom'), chunked.ignores('\uFEFFmid-bom')]).toEqual([false, true]);
  });
});
