import { statSync } from 'node:fs';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OpenDatabase, QueryEvent } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** Bytes of write-ahead log a piece of work writes (SQLite: the WAL file after a checkpoint; PostgreSQL: LSN distance). */
async function walBytes(
  location: TestLocation,
  database: OpenDatabase,
  work: () => Promise<unknown>
): Promise<number> {
  if (location.engine === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    await work();
    return statSync(`${location.url}-wal`).size;
  }
  const lsn = async () =>
    (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(database.db)).rows[0]!.lsn;
  const before = await lsn();
  await work();
  const after = await lsn();
  const { rows } = await sql<{
    bytes: string;
  }>`select pg_wal_lsn_diff(${after}::pg_lsn, ${before}::pg_lsn)::text as bytes`.execute(database.db);
  return Number(rows[0]!.bytes);
}

describe.each(ENGINES)('what a write costs on %s', engine => {
  let location: TestLocation;
  let database: OpenDatabase;
  let store: GraphStore;
  const statements: QueryEvent[] = [];

  beforeAll(async () => {
    location = await createTestLocation(engine);
    database = await location.open({ onQuery: event => statements.push(event) });
    store = new GraphStore(database);
  });
  afterAll(async () => {
    await database.close();
    await location.cleanup();
  });

  it('adds an observation to an entity holding 5 MB of them by writing what it adds, not the 5 MB', async () => {
    const observations = Array.from({ length: 5000 }, (_, index) => `${index} ${'varied text '.repeat(84)}`);
    await store.createEntities('big', [{ name: 'Heavy', entityType: 'notes', observations }]);
    const added = await walBytes(location, database, () =>
      store.addObservations('big', [{ entityName: 'Heavy', contents: ['one more small fact'] }])
    );
    // A page or so per index touched; rewriting the entity's text would write megabytes.
    expect(added).toBeLessThan(256 * 1024);
    const removed = await walBytes(location, database, () =>
      store.deleteObservations('big', [{ entityName: 'Heavy', observations: ['one more small fact'] }])
    );
    expect(removed).toBeLessThan(256 * 1024);
  });

  it('runs a batch over 200 entities in a few statements, not one per entity or row', async () => {
    const names = Array.from({ length: 200 }, (_, index) => `batch-${index}`);
    await store.createEntities(
      'batch',
      names.map(name => ({ name, entityType: 't', observations: ['kept', 'dropped'] }))
    );
    await store.createRelations(
      'batch',
      names.slice(1).map((name, index) => ({ from: name, to: names[index]!, relationType: 'after' }))
    );
    const count = async (work: () => Promise<unknown>) => {
      statements.length = 0;
      await work();
      // The transaction's own begin/commit, the namespace's version bump and its change log are
      // counted too.
      return statements.length;
    };
    expect(
      await count(() =>
        store.addObservations(
          'batch',
          names.map(name => ({ entityName: name, contents: ['new one', 'kept'] }))
        )
      )
    ).toBeLessThanOrEqual(8);
    expect(
      await count(() =>
        store.deleteObservations(
          'batch',
          names.map(name => ({ entityName: name, observations: ['dropped', 'never there'] }))
        )
      )
    ).toBeLessThanOrEqual(8);
    expect(
      await count(() =>
        store.deleteRelations(
          'batch',
          names.slice(1).map((name, index) => ({ from: name, to: names[index]!, relationType: 'after' }))
        )
      )
    ).toBeLessThanOrEqual(8);
    expect(await count(() => store.deleteEntities('batch', names))).toBeLessThanOrEqual(8);
  });
});
