import BetterSqlite3 from 'better-sqlite3';
import { createTempDir } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../src/store/database.js';

describe('openDatabase', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir();
  });
  afterAll(() => dir.cleanup());

  it('rolls a failed SQLite migration back whole, so the next start can finish it', async () => {
    const path = dir.resolve('interrupted.db');
    // A table in the way of migration 0002's search index makes it fail halfway, after it has
    // added a column to entities.
    const raw = new BetterSqlite3(path);
    raw.exec('create table entity_search (x)');
    raw.close();
    await expect(openDatabase(path)).rejects.toThrow(/entity_search already exists/);
    const after = new BetterSqlite3(path);
    // Nothing of the failed run stayed: not even 0001's tables.
    expect(after.prepare("select name from sqlite_master where name = 'entities'").all()).toEqual([]);
    after.exec('drop table entity_search');
    after.close();
    const store = await openDatabase(path);
    await store.close();
  });

  it('refuses, at once and saying what to do, a store a newer version migrated', async () => {
    const path = dir.resolve('newer.db');
    const first = await openDatabase(path);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-future', '2030-01-01')`.execute(
      first.db
    );
    await first.close();
    const started = performance.now();
    await expect(openDatabase(path)).rejects.toThrow(
      /newer @mcpkit\/server-memory \(it has migration 9999-future.*Upgrade this server/
    );
    // No retries for this: they cannot help.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
