import { chunks, now } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import { MissingEntitiesError } from '../errors.js';
import { insertRows } from '../insert-rows.js';
import { fold, keyId, textKey } from '../text-keys.js';
import type { WriteScope } from '../write-transaction.js';

/** Observations to add to one entity, as the official tool takes them. */
export interface ObservationAddition {
  entityName: string;
  contents: readonly string[];
}

/** What was actually added to each entity (new observations only), in the additions' order. */
export interface AddedObservations {
  entityName: string;
  addedObservations: string[];
}

/**
 * Adds the observations each entity does not have yet, in one statement for the whole call. Every
 * entity must exist, or nothing is added. The entities are locked until the commit, so a merge or
 * a delete running at the same time either finishes first (and this call is refused: the entity is
 * gone) or waits for this one (and carries what it added).
 */
export async function addObservations(
  scope: WriteScope,
  namespace: string,
  additions: readonly ObservationAddition[]
): Promise<AddedObservations[]> {
  const names = additions.map(addition => addition.entityName);
  const ids = await lookUpEntities(scope, { namespace, names, lock: 'no key update' });
  const missing = [...new Set(names)].filter(name => !ids.has(name));
  if (missing.length > 0) throw new MissingEntitiesError(missing);
  const stamp = now();
  // Each (entity, text) once, owned by the first addition that names it, as the official server
  // adds an addition's observations before it looks at the next one.
  const owners = new Map<string, number>();
  const rows: unknown[][] = [];
  additions.forEach((addition, index) => {
    const entityId = ids.get(addition.entityName) as number;
    for (const content of addition.contents) {
      const key = textKey(content);
      const owner = `${entityId}:${keyId(key)}`;
      if (owners.has(owner)) continue;
      owners.set(owner, index);
      rows.push([entityId, content, key, fold(content), stamp, stamp]);
    }
  });
  const inserted = await insertRows(scope.db, scope.engine, {
    table: 'observations',
    columns: ['entity_id', 'content', 'content_key', 'content_fold', 'created_at', 'updated_at'],
    rows,
    returning: ['entity_id', 'content_key'],
    skipConflicts: true
  });
  const added = new Set(inserted.map(row => `${Number(row.entity_id)}:${keyId(row.content_key as Buffer)}`));
  if (added.size > 0) {
    const touched = [...new Set(inserted.map(row => Number(row.entity_id)))];
    for (const part of chunks(touched, 10_000)) {
      await scope.db.updateTable('entities').set({ updated_at: stamp }).where('id', 'in', part).execute();
    }
    scope.changed(namespace, touched);
  }
  return additions.map((addition, index) => {
    const entityId = ids.get(addition.entityName) as number;
    const listed = new Set<string>();
    return {
      entityName: addition.entityName,
      addedObservations: addition.contents.filter(content => {
        const owner = `${entityId}:${keyId(textKey(content))}`;
        if (listed.has(owner) || owners.get(owner) !== index || !added.has(owner)) return false;
        listed.add(owner);
        return true;
      })
    };
  });
}
