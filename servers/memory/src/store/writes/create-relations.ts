import { now, unique } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import { MissingEntitiesError } from '../errors.js';
import type { Relation } from '../graph.js';
import { insertRows } from '../insert-rows.js';
import type { WriteScope } from '../write-transaction.js';

export const edgeKey = (relation: Relation): string =>
  JSON.stringify([relation.from, relation.to, relation.relationType]);

/**
 * Creates the relations that are new and returns them. Both ends must exist, or nothing is created
 * and the error names the missing ones. The ends are locked against a concurrent delete or merge
 * until the relations are in.
 */
export async function createRelations(
  scope: WriteScope,
  namespace: string,
  relations: readonly Relation[]
): Promise<Relation[]> {
  const batch = unique(relations, edgeKey);
  if (batch.length === 0) return [];
  const names = batch.flatMap(relation => [relation.from, relation.to]);
  const ids = await lookUpEntities(scope, { namespace, names, lock: 'key share' });
  const missing = [...new Set(names)].filter(name => !ids.has(name));
  if (missing.length > 0) throw new MissingEntitiesError(missing);
  const stamp = now();
  const inserted = await insertRows(scope.db, scope.engine, {
    table: 'relations',
    columns: ['namespace', 'from_id', 'to_id', 'relation_type', 'created_at', 'updated_at'],
    rows: batch.map(relation => [
      namespace,
      ids.get(relation.from),
      ids.get(relation.to),
      relation.relationType,
      stamp,
      stamp
    ]),
    returning: ['from_id', 'to_id', 'relation_type'],
    skipConflicts: true
  });
  if (inserted.length === 0) return [];
  const made = new Set(
    inserted.map(row => JSON.stringify([Number(row.from_id), Number(row.to_id), row.relation_type]))
  );
  scope.changed(namespace);
  return batch.filter(relation =>
    made.has(JSON.stringify([ids.get(relation.from), ids.get(relation.to), relation.relationType]))
  );
}
