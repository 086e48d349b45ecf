import { now } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import { MissingEntitiesError, NameTakenError } from '../errors.js';
import { fold, textKey } from '../text-keys.js';
import type { WriteScope } from '../write-transaction.js';

/** PostgreSQL's unique_violation: another process took the name first. */
const UNIQUE_VIOLATION = '23505';

/** Renames an entity; its observations and relations follow it (they refer to it by id). */
export async function renameEntity(
  scope: WriteScope,
  namespace: string,
  rename: { from: string; to: string }
): Promise<void> {
  const ids = await lookUpEntities(scope, { namespace, names: [rename.from], lock: 'update' });
  const source = ids.get(rename.from);
  if (source === undefined) throw new MissingEntitiesError([rename.from]);
  if (rename.from === rename.to) return;
  const taken = await lookUpEntities(scope, { namespace, names: [rename.to] });
  if (taken.size > 0) throw new NameTakenError(rename.to);
  try {
    await scope.db
      .updateTable('entities')
      .set({ name: rename.to, name_key: textKey(rename.to), name_fold: fold(rename.to), updated_at: now() })
      .where('id', '=', source)
      .execute();
  } catch (error) {
    // A name created by another process after the check above.
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new NameTakenError(rename.to);
    throw error;
  }
  scope.changed(namespace, [source]);
}
