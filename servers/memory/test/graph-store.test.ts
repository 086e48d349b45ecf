import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openNodesPage } from '../src/pages/open-nodes-page.js';
import { searchPage } from '../src/pages/search-page.js';
import { openDatabase } from '../src/store/database.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphStore, MissingEntitiesError } from '../src/store/graph-store.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** The same suite on both engines: SQLite (embedded default) and PostgreSQL, each in a store of its own. */
describe.each(ENGINES)('GraphStore on %s', engine => {
  let location: TestLocation;
  let database: OpenDatabase;
  let store: GraphStore;
  // Each test works in its own namespace, so tests never see each other's data.
  const fresh = () => `test-${randomUUID()}`;

  beforeAll(async () => {
    location = await createTestLocation(engine);
    // A SQLite file in a directory that does not exist yet: openDatabase creates it.
    database = await openDatabase(
      engine === 'sqlite' ? join(location.directory, 'nested', 'memory.db') : location.url
    );
    store = new GraphStore(database);
  });
  afterAll(async () => {
    await database.close();
    await location.cleanup();
  });

  /** A search as search_nodes pages it: the names found, best first, and the relations touching them. */
  async function search(namespace: string, query: string, limit = 100) {
    const { page, next } = await searchPage(database, {
      namespace,
      query,
      limit,
      maxOutputBytes: 1_000_000,
      mode: 'full'
    });
    return {
      names: page.entities.map(entity => entity.name),
      relations: page.relations,
      more: next !== undefined
    };
  }

  it('creates entities once, de-duplicating within a batch and against the store', async () => {
    const ns = fresh();
    const first = await store.createEntities(ns, [
      { name: 'Ada', entityType: 'person', observations: ['wrote notes', 'wrote notes'] },
      { name: 'Ada', entityType: 'robot', observations: [] },
      { name: 'Engine', entityType: 'machine', observations: [] }
    ]);
    expect(first.map(entity => entity.name)).toEqual(['Ada', 'Engine']);
    expect(first[0]?.observations).toEqual(['wrote notes']);
    expect(await store.createEntities(ns, [{ name: 'Ada', entityType: 'x', observations: [] }])).toEqual([]);
    expect((await store.readGraph(ns)).entities).toEqual([
      { name: 'Ada', entityType: 'person', observations: ['wrote notes'] },
      { name: 'Engine', entityType: 'machine', observations: [] }
    ]);
  });

  it('refuses relations to entities that do not exist, creating none of the batch', async () => {
    const ns = fresh();
    await store.createEntities(ns, [{ name: 'A', entityType: 't', observations: [] }]);
    await expect(
      store.createRelations(ns, [
        { from: 'A', to: 'A', relationType: 'self' },
        { from: 'A', to: 'Ghost', relationType: 'knows' }
      ])
    ).rejects.toBeInstanceOf(MissingEntitiesError);
    expect((await store.readGraph(ns)).relations).toEqual([]);
  });

  it('creates relations once and removes them with their entities (no dangling relations)', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'A', entityType: 't', observations: [] },
      { name: 'B', entityType: 't', observations: [] },
      { name: 'C', entityType: 't', observations: [] }
    ]);
    const edges = [
      { from: 'A', to: 'B', relationType: 'knows' },
      { from: 'B', to: 'C', relationType: 'knows' }
    ];
    expect(await store.createRelations(ns, [...edges, edges[0]!])).toEqual(edges);
    expect(await store.createRelations(ns, edges)).toEqual([]);
    await store.deleteEntities(ns, ['B']);
    const graph = await store.readGraph(ns);
    expect(graph.entities.map(entity => entity.name)).toEqual(['A', 'C']);
    expect(graph.relations).toEqual([]);
  });

  it('adds only new observations, and refuses the batch when an entity is missing', async () => {
    const ns = fresh();
    await store.createEntities(ns, [{ name: 'A', entityType: 't', observations: ['one'] }]);
    expect(await store.addObservations(ns, [{ entityName: 'A', contents: ['one', 'two', 'two'] }])).toEqual([
      { entityName: 'A', addedObservations: ['two'] }
    ]);
    await expect(
      store.addObservations(ns, [
        { entityName: 'A', contents: ['three'] },
        { entityName: 'Nobody', contents: ['x'] }
      ])
    ).rejects.toThrow(/Nobody/);
    expect((await store.readGraph(ns)).entities[0]?.observations).toEqual(['one', 'two']);
  });

  it('deletes observations and relations, ignoring unknown ones', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'A', entityType: 't', observations: ['keep', 'drop'] },
      { name: 'B', entityType: 't', observations: [] }
    ]);
    await store.createRelations(ns, [{ from: 'A', to: 'B', relationType: 'r' }]);
    await store.deleteObservations(ns, [
      { entityName: 'A', observations: ['drop', 'never there'] },
      { entityName: 'Ghost', observations: ['x'] }
    ]);
    await store.deleteRelations(ns, [
      { from: 'A', to: 'B', relationType: 'r' },
      { from: 'A', to: 'Ghost', relationType: 'r' }
    ]);
    const graph = await store.readGraph(ns);
    expect(graph.entities[0]?.observations).toEqual(['keep']);
    expect(graph.relations).toEqual([]);
  });

  it('searches and opens nodes with the relations touching them, as the official server does', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'Alice', entityType: 'person', observations: ['likes Tea'] },
      { name: 'Bob', entityType: 'person', observations: [] },
      { name: 'Teapot', entityType: 'object', observations: [] }
    ]);
    await store.createRelations(ns, [
      { from: 'Alice', to: 'Bob', relationType: 'knows' },
      { from: 'Bob', to: 'Teapot', relationType: 'owns' }
    ]);
    const found = await search(ns, 'tea');
    // Ranked: a name match before an observation match.
    expect(found.names).toEqual(['Teapot', 'Alice']);
    expect(found.relations).toHaveLength(2);
    const first = await search(ns, 'TEA', 1);
    expect(first.names).toEqual(['Teapot']);
    expect(first.more).toBe(true);
    expect((await search(ns, '%')).names).toEqual([]);
    const opened = await openNodesPage(database, {
      namespace: ns,
      names: ['Alice'],
      maxOutputBytes: 65_536,
      mode: 'full'
    });
    expect(opened.page.entities.map(entity => entity.name)).toEqual(['Alice']);
    expect(opened.page.relations).toEqual([{ from: 'Alice', to: 'Bob', relationType: 'knows' }]);
  });

  it('keeps the search index in step with every change, and treats wildcards literally', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'Report', entityType: 'doc', observations: ['50% done'] },
      { name: 'Other', entityType: 'doc', observations: ['5000 done'] }
    ]);
    expect((await search(ns, '50%')).names).toEqual(['Report']);
    expect((await search(ns, 'o_her')).names).toEqual([]);
    await store.addObservations(ns, [{ entityName: 'Other', contents: ['mentions zeppelins'] }]);
    expect((await search(ns, 'zeppelin')).names).toEqual(['Other']);
    await store.deleteObservations(ns, [{ entityName: 'Other', observations: ['mentions zeppelins'] }]);
    expect((await search(ns, 'zeppelin')).names).toEqual([]);
    await store.deleteEntities(ns, ['Report']);
    expect((await search(ns, 'done')).names).toEqual(['Other']);
  });

  it('matches every word of a query in any order, ranked after the official substring matches', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'Alice', entityType: 'person', observations: ['drinks coffee every morning'] },
      { name: 'Coffee shop of Alice', entityType: 'place', observations: [] },
      { name: 'Bob', entityType: 'person', observations: ['alice coffee club member'] },
      { name: 'Carol', entityType: 'person', observations: ['decaf coffee', 'met malice'] }
    ]);
    const found = await search(ns, 'Alice coffee');
    // Bob holds the query itself; the shop and Alice hold both words, the shop in its name.
    expect(found.names).toEqual(['Bob', 'Coffee shop of Alice', 'Alice']);
    // A word must start a word of the text: "coff" starts "coffee", "lice" starts nothing.
    expect((await search(ns, 'coff, alice')).names.length).toBe(3);
    expect((await search(ns, 'coffee lice')).names).toEqual([]);
    // An underscore joins a word on both engines: in "book_club", "book" starts a word, "club" does not.
    await store.addObservations(ns, [{ entityName: 'Carol', contents: ['joined the book_club'] }]);
    expect((await search(ns, 'club decaf')).names).toEqual([]);
    expect((await search(ns, 'book decaf')).names).toEqual(['Carol']);
    // Words too short for the index are still required, on the candidates the others found.
    expect((await search(ns, 'decaf met')).names).toEqual(['Carol']);
    expect((await search(ns, 'decaf is')).names).toEqual([]);
    // With no word of three characters, only the official substring match applies.
    expect((await search(ns, 'ob')).names).toEqual(['Bob']);
  });

  it('folds case and counts characters the same way for every script, on both engines', async () => {
    const ns = fresh();
    await store.createEntities(ns, [{ name: 'Émile', entityType: 'person', observations: [] }]);
    await store.createEntities(ns, [
      { name: 'Bob', entityType: 'person', observations: ['knows émile'] },
      { name: '𠮷野屋', entityType: 'shop', observations: ['in Tokyo'] }
    ]);
    // A name match ranks first even though Bob changed more recently (SQL's lower() is ASCII-only).
    expect((await search(ns, 'ÉMILE')).names).toEqual(['Émile', 'Bob']);
    // "𠮷野" is two characters (three UTF-16 units): too short for the index, so "tokyo" finds
    // the candidates and the short word is checked on them.
    expect((await search(ns, '𠮷野 tokyo')).names).toEqual(['𠮷野屋']);
  });

  it('keeps the search index in step with deletions and observation changes', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'Quokka', entityType: 'animal', observations: ['smiles a lot'] },
      { name: 'Wombat', entityType: 'animal', observations: ['digs burrows'] }
    ]);
    await store.deleteEntities(ns, ['Wombat']);
    await store.addObservations(ns, [{ entityName: 'Quokka', contents: ['lives on Rottnest'] }]);
    await store.deleteObservations(ns, [{ entityName: 'Quokka', observations: ['smiles a lot'] }]);
    expect((await search(ns, 'burrows')).names).toEqual([]);
    expect((await search(ns, 'smiles')).names).toEqual([]);
    expect((await search(ns, 'rottnest quokka')).names).toEqual(['Quokka']);
    if (database.engine === 'sqlite') {
      // The external-content FTS indexes agree with their tables row for row.
      for (const index of ['name_search', 'observation_search']) {
        await expect(
          sql`insert into ${sql.table(index)} (${sql.ref(index)}) values ('integrity-check')`.execute(
            database.db
          )
        ).resolves.toBeDefined();
      }
    }
  });

  it('keeps namespaces apart', async () => {
    const [left, right] = [fresh(), fresh()];
    await store.createEntities(left, [{ name: 'Same', entityType: 'left', observations: [] }]);
    await store.createEntities(right, [{ name: 'Same', entityType: 'right', observations: [] }]);
    expect((await store.readGraph(left)).entities[0]?.entityType).toBe('left');
    expect((await store.readGraph(right)).entities[0]?.entityType).toBe('right');
  });

  it('creates a batch of 2,000 entities in one transaction', async () => {
    const ns = fresh();
    const batch = Array.from({ length: 2000 }, (_, index) => ({
      name: `e${index}`,
      entityType: 'bulk',
      observations: [`o${index}a`, `o${index}b`]
    }));
    expect(await store.createEntities(ns, batch)).toHaveLength(2000);
    const graph = await store.readGraph(ns);
    expect(graph.entities).toHaveLength(2000);
    expect(graph.entities[1999]).toEqual({
      name: 'e1999',
      entityType: 'bulk',
      observations: ['o1999a', 'o1999b']
    });
  });
});
