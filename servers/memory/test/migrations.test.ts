import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

import { importMemoryFile } from '../src/import-file.js';
import { searchPage } from '../src/pages/search-page.js';
import { GraphStore } from '../src/store/graph-store.js';
import { migrationsFor } from '../src/store/migrations/index.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** A store as @mcpkit/server-memory 0.1 left it: migrated to 0003, holding a small graph. */
async function storeOf01(location: TestLocation): Promise<void> {
  const db = new Kysely<unknown>({
    dialect:
      location.engine === 'postgres'
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url, max: 1 }) })
        : new SqliteDialect({ database: new BetterSqlite3(location.url) })
  });
  try {
    const { error } = await new Migrator({ db, provider: migrationsFor(location.engine) }).migrateTo(
      '0003-row-times'
    );
    if (error) throw error instanceof Error ? error : new Error('migrating to 0003 failed', { cause: error });
    const stamp = '2026-01-01T00:00:00.000Z';
    await sql`insert into entities (id, namespace, name, entity_type, created_at, updated_at, search_text)
      values (1, 'default', 'Ada', 'Person', ${stamp}, ${stamp}, 'ada'),
             (2, 'default', 'Engine', 'machine', ${stamp}, ${stamp}, 'engine'),
             (3, 'work', 'Ada', 'colleague', ${stamp}, ${stamp}, 'ada')`.execute(db);
    await sql`insert into observations (id, entity_id, content, created_at, updated_at)
      values (1, 1, 'Wrote the first program', ${stamp}, ${stamp}), (2, 1, 'born 1815', ${stamp}, ${stamp})`.execute(
      db
    );
    await sql`insert into relations (id, namespace, from_id, to_id, relation_type, created_at, updated_at)
      values (1, 'default', 1, 2, 'programmed', ${stamp}, ${stamp})`.execute(db);
    if (location.engine === 'postgres') {
      await sql`select setval('entities_id_seq', 3), setval('observations_id_seq', 2), setval('relations_id_seq', 1)`.execute(
        db
      );
    }
  } finally {
    await db.destroy();
  }
}

describe.each(ENGINES)('migrating a 0.1 store on %s', engine => {
  let location: TestLocation;
  afterEach(() => location.cleanup());

  it('keeps every entity, observation and relation, and searches them with the new index', async () => {
    location = await createTestLocation(engine);
    await storeOf01(location);
    const database = await location.open();
    try {
      const store = new GraphStore(database);
      expect(await store.readGraph('default')).toEqual({
        entities: [
          { name: 'Ada', entityType: 'Person', observations: ['Wrote the first program', 'born 1815'] },
          { name: 'Engine', entityType: 'machine', observations: [] }
        ],
        relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }]
      });
      const found = await searchPage(database, {
        namespace: 'default',
        query: 'FIRST program',
        limit: 5,
        maxOutputBytes: 65_536,
        mode: 'names'
      });
      expect(found.page.entities).toEqual([{ name: 'Ada' }]);
      // The new keys hold: an existing name is skipped, a new one gets an id after the old ones.
      expect(
        await store.createEntities('default', [{ name: 'Ada', entityType: 'x', observations: [] }])
      ).toEqual([]);
      await store.createEntities('default', [
        { name: 'Babbage', entityType: 'person', observations: ['born 1791'] }
      ]);
      await store.addObservations('default', [{ entityName: 'Ada', contents: ['born 1815', 'died 1852'] }]);
      expect((await store.readGraph('default')).entities.map(entity => entity.observations.length)).toEqual([
        3, 0, 1
      ]);
    } finally {
      await database.close();
    }
  });

  it('records the namespaces 0.1 filled as imported, so MEMORY_FILE_PATH is not imported into them again', async () => {
    location = await createTestLocation(engine);
    await storeOf01(location);
    const database = await location.open();
    try {
      const { writeFile } = await import('node:fs/promises');
      const file = `${location.directory}/memory.jsonl`;
      await writeFile(file, '{"type":"entity","name":"Deleted long ago","entityType":"x","observations":[]}');
      const store = new GraphStore(database);
      expect((await importMemoryFile(store, { file, namespace: 'default' })).outcome).toBe('adopted');
      expect((await store.readGraph('default')).entities.map(entity => entity.name)).toEqual([
        'Ada',
        'Engine'
      ]);
      // A namespace 0.1 never filled imports as any new one does.
      expect((await importMemoryFile(store, { file, namespace: 'fresh' })).outcome).toBe('imported');
    } finally {
      await database.close();
    }
  });
});
