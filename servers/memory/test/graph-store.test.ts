import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { createTempDir, databaseUrls } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../src/store/database.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphStore, MissingEntitiesError } from '../src/store/graph-store.js';

const engines = [
  { engine: 'sqlite', location: (dir: TempDir) => join(dir.path, 'nested', 'memory.db') },
  { engine: 'postgres', location: () => databaseUrls().postgres }
] as const;

/** The same suite on both engines: SQLite (embedded default) and PostgreSQL at 127.0.0.1:5432. */
describe.each(engines)('GraphStore on $engine', ({ location }) => {
  let dir: TempDir;
  let database: OpenDatabase;
  let store: GraphStore;
  // Each test works in its own namespace, so runs never see each other's data.
  const fresh = () => `test-${randomUUID()}`;

  beforeAll(async () => {
    dir = await createTempDir();
    database = await openDatabase(location(dir));
    store = new GraphStore(database);
  });
  afterAll(async () => {
    await database.close();
    await dir.cleanup();
  });

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
    const found = await store.searchNodes(ns, 'tea');
    // Ranked: a name match before an observation match.
    expect(found.entities.map(entity => entity.name)).toEqual(['Teapot', 'Alice']);
    expect(found.relations).toHaveLength(2);
    expect(found.total).toBe(2);
    const first = await store.searchNodes(ns, 'TEA', { limit: 1 });
    expect(first.entities.map(entity => entity.name)).toEqual(['Teapot']);
    expect(first.total).toBe(2);
    expect((await store.searchNodes(ns, '%')).entities).toEqual([]);
    const opened = await store.openNodes(ns, ['Alice']);
    expect(opened.entities.map(entity => entity.name)).toEqual(['Alice']);
    expect(opened.relations).toEqual([{ from: 'Alice', to: 'Bob', relationType: 'knows' }]);
  });

  it('keeps the search index in step with every change, and treats wildcards literally', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'Report', entityType: 'doc', observations: ['50% done'] },
      { name: 'Other', entityType: 'doc', observations: ['5000 done'] }
    ]);
    expect((await store.searchNodes(ns, '50%')).entities.map(entity => entity.name)).toEqual(['Report']);
    expect((await store.searchNodes(ns, 'o_her')).entities).toEqual([]);
    await store.addObservations(ns, [{ entityName: 'Other', contents: ['mentions zeppelins'] }]);
    expect((await store.searchNodes(ns, 'zeppelin')).entities.map(entity => entity.name)).toEqual(['Other']);
    await store.deleteObservations(ns, [{ entityName: 'Other', observations: ['mentions zeppelins'] }]);
    expect((await store.searchNodes(ns, 'zeppelin')).entities).toEqual([]);
    await store.deleteEntities(ns, ['Report']);
    expect((await store.searchNodes(ns, 'done')).entities.map(entity => entity.name)).toEqual(['Other']);
  });

  it('matches every word of a query in any order, ranked after the official substring matches', async () => {
    const ns = fresh();
    await store.createEntities(ns, [
      { name: 'Alice', entityType: 'person', observations: ['drinks coffee every morning'] },
      { name: 'Coffee shop of Alice', entityType: 'place', observations: [] },
      { name: 'Bob', entityType: 'person', observations: ['alice coffee club member'] },
      { name: 'Carol', entityType: 'person', observations: ['decaf coffee', 'met malice'] }
    ]);
    const found = await store.searchNodes(ns, 'Alice coffee');
    // Bob holds the query itself; the shop and Alice hold both words, the shop in its name.
    expect(found.entities.map(entity => entity.name)).toEqual(['Bob', 'Coffee shop of Alice', 'Alice']);
    expect(found.total).toBe(3);
    // A word must start a word of the text: "coff" starts "coffee", "lice" starts nothing.
    expect((await store.searchNodes(ns, 'coff, alice')).total).toBe(3);
    expect((await store.searchNodes(ns, 'coffee lice')).entities).toEqual([]);
    // An underscore joins a word on both engines: in "book_club", "book" starts a word, "club" does not.
    await store.addObservations(ns, [{ entityName: 'Carol', contents: ['joined the book_club'] }]);
    expect((await store.searchNodes(ns, 'club decaf')).entities).toEqual([]);
    expect((await store.searchNodes(ns, 'book decaf')).entities.map(entity => entity.name)).toEqual([
      'Carol'
    ]);
    // Words too short for the index are still required, on the candidates the others found.
    expect((await store.searchNodes(ns, 'decaf met')).entities.map(entity => entity.name)).toEqual(['Carol']);
    expect((await store.searchNodes(ns, 'decaf is')).entities).toEqual([]);
    // With no word of three characters, only the official substring match applies.
    expect((await store.searchNodes(ns, 'ob')).entities.map(entity => entity.name)).toEqual(['Bob']);
  });

  it('folds case and counts characters the same way for every script, on both engines', async () => {
    const ns = fresh();
    await store.createEntities(ns, [{ name: 'Émile', entityType: 'person', observations: [] }]);
    await store.createEntities(ns, [
      { name: 'Bob', entityType: 'person', observations: ['knows émile'] },
      { name: '𠮷野屋', entityType: 'shop', observations: ['in Tokyo'] }
    ]);
    // A name match ranks first even though Bob changed more recently (SQL's lower() is ASCII-only).
    expect((await store.searchNodes(ns, 'ÉMILE')).entities.map(entity => entity.name)).toEqual([
      'Émile',
      'Bob'
    ]);
    // "𠮷野" is two characters (three UTF-16 units): too short for the index, so "tokyo" finds
    // the candidates and the short word is checked on them.
    expect((await store.searchNodes(ns, '𠮷野 tokyo')).entities.map(entity => entity.name)).toEqual([
      '𠮷野屋'
    ]);
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
    expect((await store.searchNodes(ns, 'burrows')).entities).toEqual([]);
    expect((await store.searchNodes(ns, 'smiles')).entities).toEqual([]);
    expect((await store.searchNodes(ns, 'rottnest quokka')).entities.map(entity => entity.name)).toEqual([
      'Quokka'
    ]);
    if (database.engine === 'sqlite') {
      // The external-content FTS index agrees with the entities table row for row.
      await expect(
        sql`insert into entity_search (entity_search) values ('integrity-check')`.execute(database.db)
      ).resolves.toBeDefined();
      const { rows } = await sql<{ count: number }>`select count(*) as count from entity_search`.execute(
        database.db
      );
      const entities = await database.db
        .selectFrom('entities')
        .select(eb => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(rows[0]?.count)).toBe(Number(entities.count));
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
