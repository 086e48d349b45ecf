import type { OpenDatabase } from './database.js';
import type { GraphStore } from './graph-store.js';
import type { SearchIndexState } from './search/memory/index-registry.js';

export { NameTakenError } from './errors.js';

/** Counts that summarise a namespace's graph. */
export interface GraphStats {
  entities: number;
  observations: number;
  relations: number;
  /** The most common entity types, most frequent first (at most 20). */
  entityTypes: { entityType: string; count: number }[];
  /** When anything in the namespace last changed (ISO 8601), deletions included, if ever. */
  lastUpdated?: string;
  /** Where this process's search of the namespace reads now (see IndexRegistry.state). */
  searchIndex: SearchIndexState;
}

/** An entity as recent-changes lists it. */
export interface ChangedEntity {
  name: string;
  entityType: string;
  updatedAt: string;
}

/** Operations beyond the official nine: rename, merge, statistics and recent changes. */
export class GraphMaintenance {
  constructor(
    private readonly store: OpenDatabase,
    private readonly graph: GraphStore
  ) {}

  /** Renames an entity; its observations and relations follow it. */
  renameEntity(namespace: string, rename: { from: string; to: string }): Promise<void> {
    return this.graph.write(writer => writer.renameEntity(namespace, rename));
  }

  /** Merges entities into one, atomically (see mergeEntities). */
  async mergeEntities(
    namespace: string,
    merge: { into: string; sources: readonly string[] }
  ): Promise<{ merged: number }> {
    return { merged: await this.graph.write(writer => writer.mergeEntities(namespace, merge)) };
  }

  async stats(namespace: string): Promise<GraphStats> {
    const db = this.store.db;
    const entities = await db
      .selectFrom('entities')
      .select(eb => eb.fn.countAll<string | number>().as('count'))
      .where('namespace', '=', namespace)
      .executeTakeFirstOrThrow();
    const observations = await db
      .selectFrom('observations')
      .innerJoin('entities', 'entities.id', 'observations.entity_id')
      .select(eb => eb.fn.countAll<string | number>().as('count'))
      .where('entities.namespace', '=', namespace)
      .executeTakeFirstOrThrow();
    const relations = await db
      .selectFrom('relations')
      .select(eb => eb.fn.countAll<string | number>().as('count'))
      .where('namespace', '=', namespace)
      .executeTakeFirstOrThrow();
    const types = await db
      .selectFrom('entities')
      .select(eb => ['entity_type', eb.fn.countAll<string | number>().as('count')])
      .where('namespace', '=', namespace)
      .groupBy('entity_type')
      .orderBy('count', 'desc')
      .orderBy('entity_type')
      .limit(20)
      .execute();
    const changed = await db
      .selectFrom('namespaces')
      .select('changed_at')
      .where('namespace', '=', namespace)
      .executeTakeFirst();
    return {
      entities: Number(entities.count),
      observations: Number(observations.count),
      relations: Number(relations.count),
      entityTypes: types.map(row => ({ entityType: row.entity_type, count: Number(row.count) })),
      ...(changed === undefined ? {} : { lastUpdated: changed.changed_at }),
      searchIndex: this.store.searchIndexes.state(namespace)
    };
  }

  /** Entities changed since `since` (ISO 8601 UTC), most recent first. */
  async recentChanges(namespace: string, query: { since?: string; limit: number }): Promise<ChangedEntity[]> {
    let select = this.store.db
      .selectFrom('entities')
      .select(['name', 'entity_type', 'updated_at'])
      .where('namespace', '=', namespace)
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(query.limit);
    if (query.since !== undefined) select = select.where('updated_at', '>=', query.since);
    return (await select.execute()).map(row => ({
      name: row.name,
      entityType: row.entity_type,
      updatedAt: row.updated_at
    }));
  }
}
