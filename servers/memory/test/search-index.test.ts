import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { OpenDatabase } from '../src/store/database.js';
import { GraphMaintenance } from '../src/store/graph-maintenance.js';
import { GraphStore } from '../src/store/graph-store.js';
import { queryTerms } from '../src/store/search/query-terms.js';
import { rankedSearch } from '../src/store/search/ranked-search.js';
import { CHANGES_KEPT, changesKeptFrom } from '../src/store/write-transaction.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** The names a search finds, best first, read from the memory index or the database. */
async function found(
  database: OpenDatabase,
  query: string,
  where: { source: 'memory' | 'database' | 'auto'; namespace?: string }
): Promise<string[]> {
  const { source, namespace = 'n' } = where;
  const { hits } = await rankedSearch(database, { namespace, terms: queryTerms(query), count: 50, source });
  if (hits.length === 0) return [];
  const rows = await database.db
    .selectFrom('entities')
    .select(['id', 'name'])
    .where(
      'id',
      'in',
      hits.map(hit => hit.id)
    )
    .execute();
  const names = new Map(rows.map(row => [Number(row.id), row.name]));
  return hits.map(hit => names.get(hit.id) as string);
}

describe.each(ENGINES)('the search index in memory on %s', engine => {
  let location: TestLocation;
  let writer: OpenDatabase;
  let reader: OpenDatabase;
  beforeEach(async () => {
    location = await createTestLocation(engine);
    // Two connections of their own, as two processes on one store have.
    writer = await location.open();
    reader = await location.open();
  });
  afterEach(async () => {
    await writer.close();
    await reader.close();
    await location.cleanup();
  });

  /** The reader's results from memory, checked against the database's. */
  const search = async (query: string) => {
    const fromMemory = await found(reader, query, { source: 'memory' });
    expect(fromMemory).toEqual(await found(reader, query, { source: 'database' }));
    return fromMemory;
  };

  it('answers with every kind of write another connection committed, the moment it committed', async () => {
    const graph = new GraphStore(writer);
    await graph.createEntities('n', [
      { name: 'Alpha', entityType: 'person', observations: ['likes green tea'] },
      { name: 'Beta', entityType: 'person', observations: [] },
      { name: 'Gamma', entityType: 'place', observations: [] },
      { name: 'Delta', entityType: 'person', observations: ['drinks coffee'] }
    ]);
    const stats = new GraphMaintenance(reader, new GraphStore(reader));
    expect((await stats.stats('n')).searchIndex).toBe('database');
    expect(await search('tea')).toEqual(['Alpha']);
    expect((await stats.stats('n')).searchIndex).toBe('memory');

    await graph.createEntities('n', [{ name: 'Teapot', entityType: 'thing', observations: [] }]);
    expect(await search('tea')).toEqual(['Teapot', 'Alpha']);
    await graph.addObservations('n', [{ entityName: 'Beta', contents: ['tea at five'] }]);
    expect(await search('tea')).toEqual(['Teapot', 'Beta', 'Alpha']);
    await graph.deleteObservations('n', [{ entityName: 'Alpha', observations: ['likes green tea'] }]);
    expect(await search('tea')).toEqual(['Teapot', 'Beta']);
    await graph.write(writer => writer.renameEntity('n', { from: 'Gamma', to: 'Tea house' }));
    expect(await search('tea')).toEqual(['Tea house', 'Teapot', 'Beta']);
    await graph.write(writer => writer.mergeEntities('n', { into: 'Delta', sources: ['Beta'] }));
    expect(await search('tea')).toEqual(['Tea house', 'Teapot', 'Delta']);
    expect(await search('coffee')).toEqual(['Delta']);
    await graph.deleteEntities('n', ['Teapot', 'Delta']);
    expect(await search('tea')).toEqual(['Tea house']);
    // Another namespace's writes change nothing here.
    await graph.createEntities('other', [{ name: 'Tea elsewhere', entityType: 'x', observations: [] }]);
    expect(await search('tea')).toEqual(['Tea house']);
  });

  it('as the server searches (source auto), sees every write committed before the search, however searches overlap', async () => {
    // On PostgreSQL such a search first runs on the index as it stands while the version is read:
    // a result from before a write must never stand.
    const graph = new GraphStore(writer);
    await graph.createEntities('n', [{ name: 'Seed', entityType: 'x', observations: ['plain'] }]);
    await search('plain');
    const auto = (query: string) => found(reader, query, { source: 'auto' });
    for (let round = 0; round < 20; round++) {
      await graph.createEntities('n', [
        { name: `Tea ${round}`, entityType: 'x', observations: [`pot ${round}`] }
      ]);
      if (round % 2 === 1) await graph.deleteEntities('n', [`Tea ${round - 1}`]);
      // Two at once: the first catches up while the second may guess on the index it is changing.
      const [first, second] = await Promise.all([auto(`tea ${round}`), auto('pot')]);
      expect(first).toEqual([`Tea ${round}`]);
      expect(second).toEqual(await found(reader, 'pot', { source: 'database' }));
      expect(second[0]).toBe(`Tea ${round}`);
      expect(second).not.toContain(round % 2 === 1 ? `Tea ${round - 1}` : 'Seed');
    }
  });

  it('misses nothing written while it loads, by another connection', async () => {
    // Steps of 10 entities: the load takes hundreds of statements, so the writer's rounds (a few
    // each) surely run between them, however loaded the machine.
    await reader.close();
    reader = await location.open({ searchIndexLoadBatch: 10 });
    const graph = new GraphStore(writer);
    await graph.createEntities(
      'n',
      Array.from({ length: 3000 }, (_, index) => ({
        name: `seed ${index}`,
        entityType: 'x',
        observations: [`steady ${index}`]
      }))
    );
    // The reader loads in steps while the writer renames, adds to and deletes what it may have
    // read already, or not yet.
    reader.searchIndexes.preload('n');
    let round = 0;
    while (reader.searchIndexes.state('n') === 'loading' || round === 0) {
      await graph.addObservations('n', [{ entityName: `seed ${round * 7}`, contents: [`racing ${round}`] }]);
      await graph.write(each =>
        each.renameEntity('n', { from: `seed ${round * 7 + 1}`, to: `racing name ${round}` })
      );
      await graph.deleteEntities('n', [`seed ${round * 7 + 2}`]);
      round++;
      expect(round).toBeLessThan(400);
      // Another process's writes arrive between this one's steps (better-sqlite3 never yields).
      await new Promise(resolve => setImmediate(resolve));
    }
    await reader.searchIndexes.loaded('n');
    expect(round).toBeGreaterThan(1);
    for (const query of ['racing', 'seed 2', 'steady 2', 'racing name']) await search(query);
    expect(await search('racing name 0')).toEqual(['racing name 0']);
    expect(await search(`seed ${2}`)).not.toContain('seed 2');
  }, 60_000);

  it('reads the namespace again when it has fallen behind what the change log keeps', async () => {
    const graph = new GraphStore(writer);
    await graph.createEntities('n', [{ name: 'Old', entityType: 'x', observations: ['kept text'] }]);
    expect(await search('kept')).toEqual(['Old']);
    const index = await reader.searchIndexes.current('n');
    // As if tens of thousands of versions had gone by since it was loaded.
    index!.version = -100_000;
    await graph.createEntities('n', [{ name: 'New', entityType: 'x', observations: ['kept too'] }]);
    // Meanwhile the database answers, with the same results.
    expect(await found(reader, 'kept', { source: 'auto' })).toEqual(['New', 'Old']);
    expect(await search('kept')).toEqual(['New', 'Old']);
    expect((await reader.searchIndexes.current('n'))?.version).toBeGreaterThan(0);
  });

  it('reads the namespace again, in the background, after more changes than it catches up one by one', async () => {
    const graph = new GraphStore(writer);
    expect(await search('bulk')).toEqual([]);
    await graph.createEntities(
      'n',
      Array.from({ length: 20_001 }, (_, index) => ({
        name: `bulk ${index}`,
        entityType: 'x',
        observations: []
      }))
    );
    // The first search after the batch reads the database while the index loads again.
    expect(await found(reader, 'bulk 19999', { source: 'auto' })).toEqual(['bulk 19999']);
    expect(reader.searchIndexes.state('n')).toBe('loading');
    expect(await search('bulk 20000')).toEqual(['bulk 20000']);
    expect(reader.searchIndexes.ready('n')).toBe(true);
  }, 60_000);

  it('searches the database for a namespace over its memory budget, and says so once', async () => {
    const notes: string[] = [];
    const small = await location.open({
      searchIndexChars: 40,
      logger: { info: (_details, message) => notes.push(message), warn: () => undefined }
    });
    try {
      await new GraphStore(writer).createEntities('n', [
        { name: 'Long enough', entityType: 'x', observations: ['to pass forty characters in all'] }
      ]);
      small.searchIndexes.preload('n');
      await small.searchIndexes.loaded('n');
      expect(small.searchIndexes.state('n')).toBe('database');
      expect(await found(small, 'forty', { source: 'auto' })).toEqual(['Long enough']);
      expect(await found(small, 'long', { source: 'auto' })).toEqual(['Long enough']);
      expect(notes).toEqual(['namespace too large to index in memory: search reads the database']);
    } finally {
      await small.close();
    }
  });

  it('keeps the most recently searched namespaces within the budget, dropping the others', async () => {
    // Each namespace holds about 50 characters: room for one.
    const limited = await location.open({ searchIndexChars: 80 });
    try {
      const graph = new GraphStore(writer);
      for (const namespace of ['first', 'second']) {
        await graph.createEntities(namespace, [
          {
            name: `${namespace} one`,
            entityType: 'x',
            observations: ['forty characters of text, more or less']
          }
        ]);
      }
      expect(await found(limited, 'one', { source: 'memory', namespace: 'first' })).toEqual(['first one']);
      expect(await found(limited, 'one', { source: 'memory', namespace: 'second' })).toEqual(['second one']);
      expect(limited.searchIndexes.ready('second')).toBe(true);
      expect(limited.searchIndexes.ready('first')).toBe(false);
    } finally {
      await limited.close();
    }
  });

  it('forgets changes older than CHANGES_KEPT versions, every PRUNE_EVERY versions', async () => {
    const graph = new GraphStore(writer);
    await graph.createEntities('n', [{ name: 'Seed', entityType: 'x', observations: [] }]);
    // As if the namespace had seen 8,447 versions, with changes recorded at 1 and at 300.
    await writer.db.updateTable('namespaces').set({ version: 8447 }).where('namespace', '=', 'n').execute();
    await writer.db
      .insertInto('entity_changes')
      .values([
        { namespace: 'n', entity_id: 1_000_001, version: 1 },
        { namespace: 'n', entity_id: 1_000_002, version: 300 }
      ])
      .execute();
    await graph.createEntities('n', [{ name: 'At 8448', entityType: 'x', observations: [] }]);
    expect(changesKeptFrom(8448)).toBe(8448 - CHANGES_KEPT);
    const kept = await writer.db
      .selectFrom('entity_changes')
      .select(['entity_id', 'version'])
      .where('namespace', '=', 'n')
      .orderBy('version')
      .execute();
    expect(kept.map(row => Number(row.version))).toEqual([300, 8448]);
  });

  it('is off with a budget of 0: search reads the database', async () => {
    const off = await location.open({ searchIndexChars: 0 });
    try {
      await new GraphStore(writer).createEntities('n', [
        { name: 'Plain', entityType: 'x', observations: [] }
      ]);
      off.searchIndexes.preload('n');
      await off.searchIndexes.loaded('n');
      expect(off.searchIndexes.state('n')).toBe('database');
      expect(await found(off, 'plain', { source: 'auto' })).toEqual(['Plain']);
      await expect(found(off, 'plain', { source: 'memory' })).rejects.toThrow(/No search index/);
    } finally {
      await off.close();
    }
  });
});
