import type { Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';

import type { Engine } from '../engine.js';
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
  page: { namespace: string; entityIds: readonly number[]; fromId: number; limit: number }
): Promise<RelationRow[]> {
  const { entityIds, fromId, limit } = page;
  if (entityIds.length === 0) return [];
  const ids = [...new Set(entityIds)];
  // Compiled once per engine: kysely's builder cost four times what SQLite took to run it.
  const list = scope.engine === 'postgres' ? ids : JSON.stringify(ids);
  const { rows } = await scope.db.executeQuery<RawRelation>(
    CompiledQuery.raw(TOUCHING[scope.engine], [list, list, page.namespace, fromId, limit])
  );
  return named(rows);
}

const TOUCHING_HEAD = `select r.id, s.name as "from", t.name as "to", r.relation_type as "relationType"
  from relations r join entities s on s.id = r.from_id join entities t on t.id = r.to_id`;
/** relationsTouching's statement: an id list as one parameter (see idIn), twice, then `fromId` and the limit. */
const TOUCHING: Record<Engine, string> = {
  postgres: `${TOUCHING_HEAD} where (r.from_id = any($1::int[]) or r.to_id = any($2::int[]))
    and r.namespace = $3 and r.id >= $4 order by r.id limit $5`,
  sqlite: `${TOUCHING_HEAD} where (r.from_id in (select value from json_each(?))
    or r.to_id in (select value from json_each(?))) and r.namespace = ? and r.id >= ? order by r.id limit ?`
};
