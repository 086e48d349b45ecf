import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import type { OpenDatabase } from './database.js';
import { MissingEntitiesError } from './graph-store.js';
import type { MemoryDatabase } from './schema.js';
import { refreshSearchText } from './search-text.js';
import { writeTransaction } from './write-transaction.js';

/** A name that is already taken in the namespace; nothing was changed. */
export class NameTakenError extends Error {
  constructor(readonly entityName: string) {
    super(`An entity named ${JSON.stringify(entityName)} already exists.`);
    this.name = 'NameTakenError';
  }
}

/** Counts that summarise a namespace's graph. */
export interface GraphStats {
  entities: number;
  observations: number;
  relations: number;
  /** The most common entity types, most frequent first (at most 20). */
  entityTypes: { entityType: string; count: number }[];
  /** When anything in the namespace last changed (ISO 8601), if ever. */
  lastUpdated?: string;
}

/** An entity as recent-changes lists it. */
export interface ChangedEntity {
  name: string;
  entityType: string;
  updatedAt: string;
}

const now = () => new Date().toISOString();

/** Operations beyond the official nine: rename, merge, statistics and recent changes. */
export class GraphMaintenance {
  constructor(private readonly store: OpenDatabase) {}

  /** Renames an entity; its observations and relations follow it (they refer to it by id). */
  async renameEntity(namespace: string, rename: { from: string; to: string }): Promise<void> {
    await writeTransaction(this.store, async trx => {
      const source = await idOf(trx, namespace, rename.from);
      if (source === undefined) throw new MissingEntitiesError([rename.from]);
      if (rename.from === rename.to) return;
      if ((await idOf(trx, namespace, rename.to)) !== undefined) throw new NameTakenError(rename.to);
      await trx
        .updateTable('entities')
        .set({ name: rename.to, updated_at: now() })
        .where('id', '=', source)
        .execute();
      await refreshSearchText(trx, [source]);
    });
  }

  /**
   * Merges entities into one, atomically: their observations move to the target (duplicates once),
   * their relations are re-pointed to it (duplicates dropped), and they are deleted.
   */
  async mergeEntities(
    namespace: string,
    merge: { into: string; sources: readonly string[] }
  ): Promise<{ merged: number }> {
    return writeTransaction(this.store, async trx => {
      const target = await idOf(trx, namespace, merge.into);
      const names = [...new Set(merge.sources)].filter(name => name !== merge.into);
      const ids = await Promise.all(names.map(name => idOf(trx, namespace, name)));
      const missing = [merge.into, ...names].filter(
        (name, index) => (index === 0 ? target : ids[index - 1]) === undefined
      );
      if (missing.length > 0 || target === undefined) throw new MissingEntitiesError(missing);
      const stamp = now();
      for (const source of ids as number[]) {
        await sql`insert into observations (entity_id, content, created_at, updated_at)
          select ${target}, content, created_at, ${stamp} from observations as o
          where o.entity_id = ${source}
            and not exists (select 1 from observations as t where t.entity_id = ${target} and t.content = o.content)
          order by o.id`.execute(trx);
        await repoint(trx, { column: 'from_id', source, target, stamp });
        await repoint(trx, { column: 'to_id', source, target, stamp });
        await trx.deleteFrom('entities').where('id', '=', source).execute();
      }
      await trx.updateTable('entities').set({ updated_at: stamp }).where('id', '=', target).execute();
      await refreshSearchText(trx, [target]);
      return { merged: ids.length };
    });
  }

  async stats(namespace: string): Promise<GraphStats> {
    const db = this.store.db;
    const entities = await db
      .selectFrom('entities')
      .select(eb => [eb.fn.countAll<string | number>().as('count'), eb.fn.max('updated_at').as('last')])
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
    return {
      entities: Number(entities.count),
      observations: Number(observations.count),
      relations: Number(relations.count),
      entityTypes: types.map(row => ({ entityType: row.entity_type, count: Number(row.count) })),
      ...(entities.last ? { lastUpdated: entities.last } : {})
    };
  }

  /** Entities changed since `since` (ISO 8601), most recent first. */
  async recentChanges(namespace: string, query: { since?: string; limit: number }): Promise<ChangedEntity[]> {
    let select = this.store.db
      .selectFrom('entities')
      .select(['name', 'entity_type', 'updated_at'])
      .where('namespace', '=', namespace)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit);
    if (query.since !== undefined) select = select.where('updated_at', '>=', query.since);
    return (await select.execute()).map(row => ({
      name: row.name,
      entityType: row.entity_type,
      updatedAt: row.updated_at
    }));
  }
}

async function idOf(
  db: Kysely<MemoryDatabase>,
  namespace: string,
  name: string
): Promise<number | undefined> {
  const row = await db
    .selectFrom('entities')
    .select('id')
    .where('namespace', '=', namespace)
    .where('name', '=', name)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

/** Points one end of a source's relations at the target, dropping those the target already has. */
async function repoint(
  db: Kysely<MemoryDatabase>,
  edge: { column: 'from_id' | 'to_id'; source: number; target: number; stamp: string }
): Promise<void> {
  const other = edge.column === 'from_id' ? 'to_id' : 'from_id';
  await sql`delete from relations as r
    where r.${sql.ref(edge.column)} = ${edge.source}
      and exists (select 1 from relations as t
        where t.${sql.ref(edge.column)} = ${edge.target} and t.${sql.ref(other)} = r.${sql.ref(other)}
          and t.relation_type = r.relation_type)`.execute(db);
  await db
    .updateTable('relations')
    .set({ [edge.column]: edge.target, updated_at: edge.stamp })
    .where(edge.column, '=', edge.source)
    .execute();
}
