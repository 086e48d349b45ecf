import type { Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';

import type { Engine } from '../engine.js';

import { chunks } from '../batch.js';
import type { MemoryDatabase } from '../schema.js';

/** An entity as a page starts it. */
export interface EntityRow {
  id: number;
  name: string;
  entityType: string;
}

/** Entities of the namespace from id `fromId` on, in creation (id) order: a keyset page. */
export async function entitiesFrom(
  db: Kysely<MemoryDatabase>,
  page: { namespace: string; fromId: number; limit: number }
): Promise<EntityRow[]> {
  const { namespace, fromId, limit } = page;
  const rows = await db
    .selectFrom('entities')
    .select(['id', 'name', 'entity_type'])
    .where('namespace', '=', namespace)
    .where('id', '>=', fromId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(row => ({ id: Number(row.id), name: row.name, entityType: row.entity_type }));
}

/**
 * The entities of the namespace with these ids (any that are gone, or of another namespace, are
 * left out: an id from a cursor is the client's to forge).
 */
export async function entitiesByIds(
  scope: { db: Kysely<MemoryDatabase>; engine: Engine },
  ids: readonly number[],
  namespace: string
): Promise<Map<number, EntityRow>> {
  const found = new Map<number, EntityRow>();
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return found;
  // Compiled once per engine, the list in one parameter: kysely's builder cost more than the read.
  const { rows } = await scope.db.executeQuery<{ id: number | string; name: string; entity_type: string }>(
    CompiledQuery.raw(
      scope.engine === 'postgres'
        ? 'select id, name, entity_type from entities where id = any($1::int[]) and namespace = $2'
        : 'select id, name, entity_type from entities where id in (select value from json_each(?)) and namespace = ?',
      [scope.engine === 'postgres' ? distinct : JSON.stringify(distinct), namespace]
    )
  );
  for (const row of rows)
    found.set(Number(row.id), { id: Number(row.id), name: row.name, entityType: row.entity_type });
  return found;
}

/** How many observations each entity has (summary mode). */
export async function observationCounts(
  db: Kysely<MemoryDatabase>,
  ids: readonly number[]
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const part of chunks([...new Set(ids)], 10_000)) {
    const rows = await db
      .selectFrom('observations')
      .select(eb => ['entity_id', eb.fn.countAll<string | number>().as('count')])
      .where('entity_id', 'in', part)
      .groupBy('entity_id')
      .execute();
    for (const row of rows) counts.set(Number(row.entity_id), Number(row.count));
  }
  return counts;
}

/** The position of an observation in its entity's list: how many come before it. */
export async function observationsBefore(
  db: Kysely<MemoryDatabase>,
  entityId: number,
  observationId: number
): Promise<number> {
  const row = await db
    .selectFrom('observations')
    .select(eb => eb.fn.countAll<string | number>().as('count'))
    .where('entity_id', '=', entityId)
    .where('id', '<', observationId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
