import { chunks } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import type { WriteScope } from '../write-transaction.js';

/**
 * Deletes entities, and by cascade their observations and relations; unknown names are ignored.
 * Returns how many were deleted.
 */
export async function deleteEntities(
  scope: WriteScope,
  namespace: string,
  names: readonly string[]
): Promise<number> {
  const ids = await lookUpEntities(scope, { namespace, names, lock: 'update' });
  if (ids.size === 0) return 0;
  for (const part of chunks([...ids.values()], 10_000)) {
    await scope.db.deleteFrom('entities').where('id', 'in', part).execute();
  }
  scope.changed(namespace, ids.values());
  return ids.size;
}
