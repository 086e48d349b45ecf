import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { searchPage } from '../src/pages/search-page.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphMaintenance, NameTakenError } from '../src/store/graph-maintenance.js';
import { GraphStore, MissingEntitiesError } from '../src/store/graph-store.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

describe.each(ENGINES)('GraphMaintenance on %s', engine => {
  let location: TestLocation;
  let database: OpenDatabase;
  let store: GraphStore;
  let maintenance: GraphMaintenance;
  const fresh = () => `test-${randomUUID()}`;

  beforeAll(async () => {
    location = await createTestLocation(engine);
    database = await location.open();
    store = new GraphStore(database);
    maintenance = new GraphMaintenance(database, store);
  });
  afterAll(async () => {
    await database.close();
    await location.cleanup();
  });

  const searchNames = async (namespace: string, query: string) =>
    (
      await searchPage(database, { namespace, query, limit: 20, maxOutputBytes: 65_536, mode: 'names' })
    ).page.entities.map(entity => entity.name);

  async function seed(ns: string): Promise<void> {
    await store.createEntities(ns, [
      { name: 'Ada', entityType: 'person', observations: ['wrote notes'] },
      { name: 'A. Lovelace', entityType: 'person', observations: ['wrote notes', 'born 1815'] },
      { name: 'Engine', entityType: 'machine', observations: [] },
      { name: 'Babbage', entityType: 'person', observations: [] }
    ]);
    await store.createRelations(ns, [
      { from: 'Ada', to: 'Engine', relationType: 'programmed' },
      { from: 'A. Lovelace', to: 'Engine', relationType: 'programmed' },
      { from: 'Babbage', to: 'A. Lovelace', relationType: 'knew' }
    ]);
  }

  it('renames an entity and keeps its relations; refuses a taken name', async () => {
    const ns = fresh();
    await seed(ns);
    await maintenance.renameEntity(ns, { from: 'Engine', to: 'Analytical Engine' });
    expect(
      (await store.readGraph(ns)).relations.filter(relation => relation.to === 'Analytical Engine')
    ).toHaveLength(2);
    await expect(maintenance.renameEntity(ns, { from: 'Ada', to: 'Babbage' })).rejects.toBeInstanceOf(
      NameTakenError
    );
    await expect(maintenance.renameEntity(ns, { from: 'Nobody', to: 'X' })).rejects.toBeInstanceOf(
      MissingEntitiesError
    );
  });

  it('merges entities atomically: observations once, relations re-pointed without duplicates', async () => {
    const ns = fresh();
    await seed(ns);
    // Timestamps have millisecond resolution: let one pass so "before the merge" is unambiguous.
    await new Promise(resolve => setTimeout(resolve, 5));
    const before = new Date().toISOString();
    expect(await maintenance.mergeEntities(ns, { into: 'Ada', sources: ['A. Lovelace'] })).toEqual({
      merged: 1
    });
    const graph = await store.readGraph(ns);
    expect(graph.entities.map(entity => entity.name)).toEqual(['Ada', 'Engine', 'Babbage']);
    expect(graph.entities[0]?.observations).toEqual(['wrote notes', 'born 1815']);
    expect(await searchNames(ns, '1815')).toEqual(['Ada']);
    expect(graph.relations).toEqual([
      { from: 'Ada', to: 'Engine', relationType: 'programmed' },
      { from: 'Babbage', to: 'Ada', relationType: 'knew' }
    ]);
    // Every row keeps its id and creation time; what the merge moved or re-pointed is stamped.
    const rows = await database.db
      .selectFrom('relations')
      .innerJoin('entities', 'entities.id', 'relations.from_id')
      .select(['entities.name', 'relations.id', 'relations.created_at', 'relations.updated_at'])
      .where('relations.namespace', '=', ns)
      .orderBy('relations.id')
      .execute();
    expect(rows.map(row => [row.name, row.created_at < before, row.updated_at >= before])).toEqual([
      ['Ada', true, false],
      ['Babbage', true, true]
    ]);
    const moved = await database.db
      .selectFrom('observations')
      .innerJoin('entities', 'entities.id', 'observations.entity_id')
      .select(['observations.content', 'observations.created_at', 'observations.updated_at'])
      .where('entities.namespace', '=', ns)
      .where('entities.name', '=', 'Ada')
      .orderBy('observations.id')
      .execute();
    expect(moved.map(row => [row.content, row.created_at < before, row.updated_at >= before])).toEqual([
      ['wrote notes', true, false],
      ['born 1815', true, true]
    ]);
    await expect(maintenance.mergeEntities(ns, { into: 'Ada', sources: ['Ghost'] })).rejects.toBeInstanceOf(
      MissingEntitiesError
    );
  });

  it('reports statistics and recent changes', async () => {
    const ns = fresh();
    await seed(ns);
    await new Promise(resolve => setTimeout(resolve, 5));
    await store.addObservations(ns, [{ entityName: 'Babbage', contents: ['designed engines'] }]);
    const stats = await maintenance.stats(ns);
    expect(stats).toMatchObject({ entities: 4, observations: 4, relations: 3 });
    expect(stats.entityTypes[0]).toEqual({ entityType: 'person', count: 3 });
    const recent = await maintenance.recentChanges(ns, { limit: 2 });
    expect(recent[0]?.name).toBe('Babbage');
    expect(await maintenance.recentChanges(ns, { since: recent[0]!.updatedAt, limit: 10 })).toHaveLength(1);
  });

  it('counts every kind of change as the last change, deletions included', async () => {
    const ns = fresh();
    await seed(ns);
    for (const change of [
      () => store.deleteRelations(ns, [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }]),
      () => store.deleteObservations(ns, [{ entityName: 'Ada', observations: ['wrote notes'] }]),
      () => store.deleteEntities(ns, ['Babbage'])
    ]) {
      const before = (await maintenance.stats(ns)).lastUpdated as string;
      await new Promise(resolve => setTimeout(resolve, 3));
      await change();
      expect((await maintenance.stats(ns)).lastUpdated! > before).toBe(true);
    }
    // Nothing deleted is no change.
    const unchanged = (await maintenance.stats(ns)).lastUpdated;
    await store.deleteEntities(ns, ['Nobody']);
    expect((await maintenance.stats(ns)).lastUpdated).toBe(unchanged);
  });
});
