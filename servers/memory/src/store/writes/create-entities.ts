import { now, unique } from '../batch.js';
import type { Entity } from '../graph.js';
import { insertRows } from '../insert-rows.js';
import { fold, textKey } from '../text-keys.js';
import type { WriteScope } from '../write-transaction.js';

/**
 * Creates the entities whose names are new to the namespace and returns them; existing names are
 * skipped. Duplicates within the batch count once (the first). `ON CONFLICT DO NOTHING` makes the
 * skip hold when several processes create the same names at once: each name is created by exactly
 * one of them, and the others report it as skipped.
 */
export async function createEntities(
  scope: WriteScope,
  namespace: string,
  entities: readonly Entity[]
): Promise<Entity[]> {
  const batch = unique(entities, entity => entity.name).map(entity => ({
    ...entity,
    observations: unique(entity.observations, content => content)
  }));
  if (batch.length === 0) return [];
  const stamp = now();
  const inserted = await insertRows(scope.db, scope.engine, {
    table: 'entities',
    columns: [
      'namespace',
      'name',
      'name_key',
      'name_fold',
      'entity_type',
      'type_fold',
      'created_at',
      'updated_at'
    ],
    rows: batch.map(entity => [
      namespace,
      entity.name,
      textKey(entity.name),
      fold(entity.name),
      entity.entityType,
      fold(entity.entityType),
      stamp,
      stamp
    ]),
    returning: ['id', 'name'],
    skipConflicts: true
  });
  if (inserted.length === 0) return [];
  const ids = new Map(inserted.map(row => [row.name as string, Number(row.id)]));
  const created = batch.filter(entity => ids.has(entity.name));
  await insertRows(scope.db, scope.engine, {
    table: 'observations',
    columns: ['entity_id', 'content', 'content_key', 'content_fold', 'created_at', 'updated_at'],
    rows: created.flatMap(entity =>
      entity.observations.map(content => [
        ids.get(entity.name),
        content,
        textKey(content),
        fold(content),
        stamp,
        stamp
      ])
    )
  });
  scope.changed(namespace, ids.values());
  return created;
}
