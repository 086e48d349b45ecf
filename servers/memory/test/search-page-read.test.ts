import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { searchPage } from '../src/pages/search-page.js';
import type { SearchPosition } from '../src/pages/search-page.js';
import type { ReadMode } from '../src/pages/page-writer.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';
import { entitiesByIds } from '../src/store/reads/entity-rows.js';
import { ObservationStream, readAhead } from '../src/store/reads/observation-stream.js';
import { relationsTouching } from '../src/store/reads/relation-rows.js';
import { searchPageRead } from '../src/store/reads/search-page-read.js';
import { namespaceVersion } from '../src/store/search/memory/index-loader.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestEngine, TestLocation } from './engines.js';

/** Every page of a search, walked with its cursors. */
async function walk(
  store: OpenDatabase,
  options: { query: string; limit: number; maxOutputBytes: number; mode: ReadMode }
) {
  const pages = [];
  let position: SearchPosition | undefined;
  do {
    const found = await searchPage(store, {
      namespace: 'n',
      ...options,
      ...(position === undefined ? {} : { position })
    });
    pages.push({ page: found.page, relationsCut: found.relationsCut });
    position = found.next;
  } while (position !== undefined && pages.length < 200);
  return pages;
}

/**
 * A store of the test file's own on `engine`, seeded with entities of every kind (none, few, many
 * and long observations; more than one read-ahead statement's worth) and relations between them.
 */
function seeded(engine: TestEngine) {
  const held = {
    location: undefined as TestLocation | undefined,
    store: undefined as OpenDatabase | undefined
  };
  const ids = new Map<string, number>();

  beforeAll(async () => {
    const location = (held.location = await createTestLocation(engine));
    const store = (held.store = await location.open());
    const graph = new GraphStore(store);
    await graph.createEntities('n', [
      { name: 'None', entityType: 'empty', observations: [] },
      { name: 'Few', entityType: 't', observations: ['one', 'two', 'three'] },
      {
        name: 'Many',
        entityType: 't',
        observations: Array.from({ length: 12 }, (_, index) => `note ${index}`)
      },
      { name: 'Long', entityType: 't', observations: ['short', 'x'.repeat(10_000), 'after'] },
      // Enough others that readAhead takes more than one statement's worth (64) on SQLite.
      ...Array.from({ length: 80 }, (_, index) => ({
        name: `Tea ${index}`,
        entityType: index % 3 === 0 ? 'pot' : 'cup',
        observations: Array.from(
          { length: 1 + (index % 11) },
          (_, at) => `tea leaf ${index}.${at} ${'m'.repeat(at * 40)}`
        )
      }))
    ]);
    await graph.createRelations('n', [
      ...Array.from({ length: 79 }, (_, index) => ({
        from: `Tea ${index}`,
        to: `Tea ${index + 1}`,
        relationType: 'next'
      })),
      { from: 'Few', to: 'Tea 3', relationType: 'brews' },
      { from: 'Tea 7', to: 'Many', relationType: 'fills' }
    ]);
    const rows = await store.db.selectFrom('entities').select(['id', 'name']).execute();
    for (const row of rows) ids.set(row.name, Number(row.id));
  });
  afterAll(async () => {
    await held.store?.close();
    await held.location?.cleanup();
  });
  return { location: () => held.location as TestLocation, store: () => held.store as OpenDatabase, ids };
}

describe.each(ENGINES)('the reads of a search page on %s', engine => {
  const { location: at, store: opened, ids } = seeded(engine);
  let location: TestLocation;
  let store: OpenDatabase;
  beforeAll(() => {
    location = at();
    store = opened();
  });

  /** What an ObservationStream reads of an entity from `fromId` on, at most `count` observations. */
  async function streamed(entityId: number, fromId: number, count: number) {
    const stream = new ObservationStream(store.db, entityId, { engine, fromId });
    const rows = [];
    for (let row = await stream.next(); row !== undefined && rows.length < count; row = await stream.next())
      rows.push(row);
    return rows;
  }

  it('readAhead reads what the streams read, for every kind of entity, in one statement per 64 entities', async () => {
    const few = await streamed(ids.get('Few')!, 0, 3);
    const wanted = [
      { entityId: ids.get('None')!, fromId: 0 },
      // From its second observation on, as a page that continues inside it asks.
      { entityId: ids.get('Few')!, fromId: few[1]!.id },
      { entityId: ids.get('Many')!, fromId: 0 },
      { entityId: ids.get('Long')!, fromId: 0 },
      // Gone since the search found it.
      { entityId: 999_999, fromId: 0 },
      ...Array.from({ length: 80 }, (_, index) => ({ entityId: ids.get(`Tea ${index}`)!, fromId: 0 }))
    ];
    const statements: string[] = [];
    const counted = await location.open({ onQuery: event => statements.push(event.sql) });
    try {
      statements.length = 0;
      const ahead = await readAhead(counted, wanted);
      expect(statements).toHaveLength(engine === 'sqlite' ? 2 : 1);
      expect(ahead.get(ids.get('None')!)).toEqual({ rows: [], complete: true });
      expect(ahead.get(ids.get('Few')!)).toEqual({ rows: few.slice(1), complete: true });
      expect(ahead.get(ids.get('Many')!)).toEqual({
        rows: await streamed(ids.get('Many')!, 0, 8),
        complete: false
      });
      // A long observation ends what is read ahead: the stream reads it whole.
      expect(ahead.get(ids.get('Long')!)).toEqual({
        rows: await streamed(ids.get('Long')!, 0, 1),
        complete: false
      });
      expect(ahead.get(999_999)).toEqual({ rows: [], complete: true });
      for (let index = 0; index < 80; index++) {
        const count = 1 + (index % 11);
        const entry = ahead.get(ids.get(`Tea ${index}`)!);
        expect(entry?.rows).toEqual(await streamed(ids.get(`Tea ${index}`)!, 0, Math.min(count, 8)));
        expect(entry?.complete).toBe(count < 8);
      }
    } finally {
      await counted.close();
    }
  });

  it('serves the same pages from the index in memory as from the database, cut pages and continued entities too', async () => {
    const fromDatabase = await location.open({ searchIndexChars: 0 });
    store.searchIndexes.preload('n');
    await store.searchIndexes.loaded('n');
    expect(store.searchIndexes.state('n')).toBe('memory');
    try {
      for (const mode of ['full', 'summary', 'names'] as const) {
        for (const { query, limit, maxOutputBytes } of [
          { query: 'tea', limit: 20, maxOutputBytes: 65_536 },
          // Cut inside entities and before their relations: the page keeps those of the entities shown.
          { query: 'tea', limit: 50, maxOutputBytes: 3000 },
          { query: 'leaf 7', limit: 5, maxOutputBytes: 2500 },
          { query: 'many', limit: 20, maxOutputBytes: 65_536 }
        ]) {
          const options = { query, limit, maxOutputBytes, mode };
          const pages = await walk(store, options);
          expect(pages).toEqual(await walk(fromDatabase, options));
          expect(pages.length).toBeGreaterThan(0);
        }
      }
      const cut = await walk(store, { query: 'tea', limit: 50, maxOutputBytes: 3000, mode: 'full' });
      expect(cut.length).toBeGreaterThan(5);
      for (const { page } of cut) {
        const shown = new Set(page.entities.map(entity => entity.name));
        for (const relation of page.relations)
          expect(shown.has(relation.from) || shown.has(relation.to)).toBe(true);
      }
    } finally {
      await fromDatabase.close();
    }
  });

  it('shows nothing of another namespace, even where a forged position points into it', async () => {
    const graph = new GraphStore(store);
    await graph.createEntities('elsewhere', [
      { name: 'Secret tea', entityType: 'cup', observations: ['not for n'] },
      { name: 'Other end', entityType: 'cup', observations: [] }
    ]);
    await graph.createRelations('elsewhere', [
      { from: 'Secret tea', to: 'Other end', relationType: 'hidden' }
    ]);
    const row = await store.db
      .selectFrom('entities')
      .select('id')
      .where('name', '=', 'Secret tea')
      .executeTakeFirstOrThrow();
    const first = await searchPage(store, {
      namespace: 'n',
      query: 'tea',
      limit: 5,
      maxOutputBytes: 65_536,
      mode: 'full'
    });
    const fromDatabase = await location.open({ searchIndexChars: 0 });
    store.searchIndexes.preload('n');
    await store.searchIndexes.loaded('n');
    try {
      for (const reader of [store, fromDatabase]) {
        const forged = await searchPage(reader, {
          namespace: 'n',
          query: 'tea',
          limit: 5,
          maxOutputBytes: 65_536,
          mode: 'full',
          position: { after: first.next!.after, inside: { entityId: Number(row.id), observationId: 0 } }
        });
        const shown = JSON.stringify(forged.page);
        expect(shown).not.toContain('Secret tea');
        expect(shown).not.toContain('hidden');
        expect(forged.page.entities.length).toBeGreaterThan(0);
      }
    } finally {
      await fromDatabase.close();
    }
  });

  it('a page from the index shows every write another connection committed before it, in its entities and relations', async () => {
    const other = await location.open();
    const graph = new GraphStore(other);
    store.searchIndexes.preload('n');
    await store.searchIndexes.loaded('n');
    const page = async (query: string) =>
      (await searchPage(store, { namespace: 'n', query, limit: 20, maxOutputBytes: 65_536, mode: 'full' }))
        .page;
    try {
      await graph.createEntities('n', [{ name: 'Kettle', entityType: 'thing', observations: ['boils'] }]);
      expect((await page('kettle')).entities.map(entity => entity.observations)).toEqual([['boils']]);
      await graph.addObservations('n', [{ entityName: 'Kettle', contents: ['whistles'] }]);
      expect((await page('kettle')).entities[0]?.observations).toEqual(['boils', 'whistles']);
      await graph.createRelations('n', [{ from: 'Kettle', to: 'None', relationType: 'heats' }]);
      expect((await page('kettle')).relations).toEqual([
        { from: 'Kettle', to: 'None', relationType: 'heats' }
      ]);
      await graph.write(writer => writer.renameEntity('n', { from: 'None', to: 'Teacup' }));
      expect((await page('kettle')).relations).toEqual([
        { from: 'Kettle', to: 'Teacup', relationType: 'heats' }
      ]);
      await graph.deleteEntities('n', ['Kettle']);
      expect((await page('kettle')).entities).toEqual([]);
      await graph.write(writer => writer.renameEntity('n', { from: 'Teacup', to: 'None' }));
    } finally {
      await other.close();
    }
  });
});

describe('the reads of a search page on postgres, in one statement', () => {
  const { location: at, store: opened, ids } = seeded('postgres');
  let location: TestLocation;
  let store: OpenDatabase;
  beforeAll(() => {
    location = at();
    store = opened();
  });

  it('searchPageRead reads the version, the entities, their first observations and their relations in one statement', async () => {
    const names = ['None', 'Few', 'Many', 'Long', 'Tea 3', 'Tea 7'];
    const entities = [
      ...names.map((name, at) => ({ entityId: ids.get(name)!, fromId: 0, ahead: at < 4 })),
      { entityId: 999_999, fromId: 0, ahead: true }
    ];
    const statements: string[] = [];
    const counted = await location.open({ onQuery: event => statements.push(event.sql) });
    try {
      statements.length = 0;
      const read = await searchPageRead(counted.db, { namespace: 'n', entities, relationLimit: 2000 });
      expect(statements).toHaveLength(1);
      expect(read.version).toBe(await namespaceVersion(store, 'n'));
      expect(read.rows).toEqual(
        await entitiesByIds(
          store,
          entities.map(entity => entity.entityId),
          'n'
        )
      );
      expect(read.ahead).toEqual(
        await readAhead(
          store,
          entities.filter(entity => entity.ahead)
        )
      );
      const relations = await relationsTouching(store, {
        namespace: 'n',
        entityIds: entities.map(entity => entity.entityId),
        fromId: 0,
        limit: 2000
      });
      expect(
        read.relations.map(relation => ({
          id: relation.id,
          from: relation.from,
          to: relation.to,
          relationType: relation.relationType
        }))
      ).toEqual(relations);
      expect(read.relations.map(relation => [relation.fromId, relation.toId])).toContainEqual([
        ids.get('Few'),
        ids.get('Tea 3')
      ]);
      // The limit keeps the first relations in creation order.
      const two = await searchPageRead(counted.db, { namespace: 'n', entities, relationLimit: 2 });
      expect(two.relations.map(relation => relation.id)).toEqual(
        relations.slice(0, 2).map(relation => relation.id)
      );
    } finally {
      await counted.close();
    }
  });

  it('on PostgreSQL a page from a current index costs one statement; a stale one catches up first', async () => {
    const statements: string[] = [];
    const counted = await location.open({ onQuery: event => statements.push(event.sql) });
    const other = await location.open();
    const beyondStreams = () =>
      statements.filter(sql => !sql.startsWith('select id, content from observations'));
    try {
      counted.searchIndexes.preload('n');
      await counted.searchIndexes.loaded('n');
      const page = async (query: string) =>
        (
          await searchPage(counted, {
            namespace: 'n',
            query,
            limit: 20,
            maxOutputBytes: 65_536,
            mode: 'full'
          })
        ).page;
      await page('tea');
      statements.length = 0;
      const first = await page('tea');
      // One statement, and then only the streams of entities holding all that was read ahead (8) or more.
      expect(beyondStreams()).toHaveLength(1);
      expect(statements.length - 1).toBe(
        first.entities.filter(entity => (entity.observations ?? []).length >= 8).length
      );
      expect(first.entities).toHaveLength(20);
      // Another process writes: the version read with the page shows the index behind, so the
      // page is read again after catching up (and the next one costs one statement again).
      await new GraphStore(other).createEntities('n', [
        { name: 'Tea new', entityType: 'cup', observations: [] }
      ]);
      statements.length = 0;
      expect((await page('tea')).entities[0]?.name).toBe('Tea new');
      expect(beyondStreams().length).toBeGreaterThan(1);
      statements.length = 0;
      await page('tea');
      expect(beyondStreams()).toHaveLength(1);
      await new GraphStore(other).deleteEntities('n', ['Tea new']);
    } finally {
      await other.close();
      await counted.close();
    }
  });
});
