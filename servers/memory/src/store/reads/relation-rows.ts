import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import type { Engine } from '../engine.js';
import { idIn } from '../id-list.js';
import type { Relation } from '../graph.js';
import type { MemoryDatabase } from '../schema.js';

/** A relation with its id (its place in creation order, the order the official file keeps). */
export interface RelationRow extends Relation {
  id: number;
}

interface RawRelation {
  id: number;
  from: string;
  to: string;
  relationType: string;
}

const named = (rows: readonly RawRelation[]): RelationRow[] =>
  rows.map(row => ({ id: Number(row.id), from: row.from, to: row.to, relationType: row.relationType }));

/** The namespace's relations from id `fromId` on, in creation order: a keyset page. */
export async function relationsFrom(
  db: Kysely<MemoryDatabase>,
  page: { namespace: string; fromId: number; limit: number }
): Promise<RelationRow[]> {
  const { namespace, fromId, limit } = page;
  const rows = await db
    .selectFrom('relations')
    .innerJoin('entities as source', 'source.id', 'relations.from_id')
    .innerJoin('entities as target', 'target.id', 'relations.to_id')
    .select([
      'relations.id',
      'source.name as from',
      'target.name as to',
      'relations.relation_type as relationType'
    ])
    .where('relations.namespace', '=', namespace)
    .where('relations.id', '>=', fromId)
    .orderBy('relations.id')
    .limit(limit)
    .execute();
  return named(rows);
}

/**
 * Relations with either end among `entityIds` (as the official open_nodes and search_nodes
 * return them), from id `fromId` on, in creation order.
 */
export async function relationsTouching(
  scope: { db: Kysely<MemoryDatabase>; engine: Engine },
  page: { entityIds: readonly number[]; fromId: number; limit: number }
): Promise<RelationRow[]> {
  const { entityIds, fromId, limit } = page;
  if (entityIds.length === 0) return [];
  const ids = [...new Set(entityIds)];
  const among = sql`(${idIn(scope.engine, 'r.from_id', ids)} or ${idIn(scope.engine, 'r.to_id', ids)})`;
  const { rows } =
    await sql<RawRelation>`select r.id, s.name as "from", t.name as "to", r.relation_type as "relationType"
    from relations r join entities s on s.id = r.from_id join entities t on t.id = r.to_id
    where ${among} and r.id >= ${fromId} order by r.id limit ${limit}`.execute(scope.db);
  return named(rows);
}
