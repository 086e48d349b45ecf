import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import { chunks, now } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import type { MemoryDatabase } from '../schema.js';
import { textKey } from '../text-keys.js';
import type { WriteScope } from '../write-transaction.js';

/** Observations to delete from one entity, as the official tool takes them. */
export interface ObservationDeletion {
  entityName: string;
  observations: readonly string[];
}

/**
 * Deletes the given observations in one statement (per 10,000); unknown entities and observations
 * are ignored. Returns how many were deleted.
 */
export async function deleteObservations(
  scope: WriteScope,
  namespace: string,
  deletions: readonly ObservationDeletion[]
): Promise<number> {
  const ids = await lookUpEntities(scope, {
    namespace,
    names: deletions.map(deletion => deletion.entityName),
    lock: 'no key update'
  });
  const pairs = deletions.flatMap(deletion => {
    const entityId = ids.get(deletion.entityName);
    return entityId === undefined
      ? []
      : deletion.observations.map(content => ({ entityId, key: textKey(content) }));
  });
  const touched = new Set<number>();
  let deleted = 0;
  for (const part of chunks(pairs, 10_000)) {
    const rows = await deletePairs(scope.db, scope.engine, part);
    deleted += rows.length;
    for (const row of rows) touched.add(Number(row.entity_id));
  }
  if (deleted === 0) return 0;
  const stamp = now();
  for (const part of chunks([...touched], 10_000)) {
    await scope.db.updateTable('entities').set({ updated_at: stamp }).where('id', 'in', part).execute();
  }
  scope.changed(namespace, touched);
  return deleted;
}

async function deletePairs(
  db: Kysely<MemoryDatabase>,
  engine: WriteScope['engine'],
  pairs: readonly { entityId: number; key: Buffer }[]
): Promise<{ entity_id: number }[]> {
  if (pairs.length === 0) return [];
  const { rows } =
    engine === 'postgres'
      ? await sql<{ entity_id: number }>`delete from observations as o
          using unnest(${pairs.map(pair => pair.entityId)}::int[], ${pairs.map(pair => pair.key)}::bytea[])
            as d(entity_id, content_key)
          where o.entity_id = d.entity_id and o.content_key = d.content_key
          returning o.entity_id`.execute(db)
      : await sql<{ entity_id: number }>`delete from observations
          where (entity_id, content_key) in (values ${sql.join(pairs.map(pair => sql`(${pair.entityId}, ${pair.key})`))})
          returning entity_id`.execute(db);
  return rows;
}
