import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

/** Sixteen `*?` pairs before a character no name holds: a backtracking regex tries every split. */
const HOSTILE = `**/${'*?'.repeat(16)}#`;
const LONG_NAME = `${'a'.repeat(120)}.txt`;

describe('a glob from a tool argument cannot block the server', () => {
  const calls: [tool: string, args: Record<string, unknown>][] = [
    ['search_files', { path: '.', pattern: HOSTILE }],
    ['search_files', { path: '.', pattern: '*', excludePatterns: [HOSTILE] }],
    ['directory_tree', { path: '.', excludePatterns: [HOSTILE] }],
    ['grep', { pattern: 'needle', include: [HOSTILE] }],
    ['grep', { pattern: 'needle', exclude: [HOSTILE] }],
    ['grep', { pattern: 'needle', include: [`${'*?'.repeat(16)}#`] }]
  ];

  it.each(calls)(
    '%s with a backtracking-prone glob answers at once, as does another call meanwhile',
    async (tool, args) => {
      const fs = await harness({ deep: { er: { [LONG_NAME]: 'needle\n', 'b.txt': 'needle\n' } } });
      const started = performance.now();
      const [outcome, other] = await Promise.all([
        fs.call(tool, args),
        fs.call('list_allowed_directories', {})
      ]);
      // A regex from picomatch takes minutes here (C(120, 16) ways to split the long name).
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(outcome.isError, outcome.text).toBe(false);
      expect(other.isError).toBe(false);
      // Nothing holds '#': the pattern matches nothing; as an exclusion it leaves everything.
      if ('include' in args || (tool === 'search_files' && 'pattern' in args && args.pattern === HOSTILE)) {
        expect(outcome.text).not.toContain(LONG_NAME);
      } else {
        expect(outcome.text).toContain(tool === 'grep' ? 'b.txt' : 'deep');
      }
    }
  );

  it('refuses globs that would expand past the budget of a call, before compiling them', async () => {
    const fs = await harness({ 'a.ts': 'needle\n' });
    // A million alternatives in 10 KB of arguments: compiling them took seconds and gigabytes.
    const exclude = Array.from({ length: 20 }, () => '{1..1000}'.repeat(56));
    const started = performance.now();
    const [outcome, other] = await Promise.all([
      fs.call('grep', { pattern: 'needle', exclude }),
      fs.call('list_allowed_directories', {})
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/more than 2000 alternatives[\s\S]*\[0-9\]/);
    expect(other.isError).toBe(false);
  });

  it('refuses a negated extglob with what to do instead', async () => {
    const fs = await harness({ 'a.ts': '' });
    const outcome = await fs.call('search_files', { path: '.', pattern: '!(*.md)' });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/negated extglob[\s\S]*excludePatterns/);
  });
});
