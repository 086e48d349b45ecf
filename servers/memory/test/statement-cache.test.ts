import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { cachingStatements } from '../src/store/statement-cache.js';

describe('cachingStatements', () => {
  it('hands out one prepared statement per SQL text, and a fresh one while it is busy', () => {
    const database = cachingStatements(new BetterSqlite3(':memory:'));
    const first = database.prepare('select 1 as one union all select 2');
    expect(database.prepare('select 1 as one union all select 2')).toBe(first);
    const rows = first.iterate([]);
    rows.next();
    // Mid-iteration the cached statement is busy: running it again would fail.
    const second = database.prepare('select 1 as one union all select 2');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ one: 1 }, { one: 2 }]);
    rows.return?.();
    database.close();
  });

  it('keeps at most 100 statements, dropping the least recently used', () => {
    const database = cachingStatements(new BetterSqlite3(':memory:'));
    const kept = database.prepare('select 0');
    const oldest = database.prepare('select 1');
    for (let index = 2; index <= 100; index++) {
      database.prepare(`select ${index}`);
      // Using "select 0" again keeps it among the most recent.
      if (index % 25 === 0) expect(database.prepare('select 0')).toBe(kept);
    }
    // 101 texts were prepared: the least recently used one, "select 1", was finalised.
    expect(database.prepare('select 0')).toBe(kept);
    expect(database.prepare('select 100')).toBe(database.prepare('select 100'));
    expect(database.prepare('select 1')).not.toBe(oldest);
    database.close();
  });

  it('prepares very long SQL afresh instead of keeping it', () => {
    const database = cachingStatements(new BetterSqlite3(':memory:'));
    const long = `select '${'x'.repeat(70_000)}' as long`;
    expect(long.length).toBeGreaterThan(65_536);
    expect(database.prepare(long)).not.toBe(database.prepare(long));
    database.close();
  });
});
