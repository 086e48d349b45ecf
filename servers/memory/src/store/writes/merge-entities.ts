import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import { now } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import { MissingEntitiesError } from '../errors.js';
import type { MemoryDatabase } from '../schema.js';
import type { WriteScope } from '../write-transaction.js';

/**
 * Merges entities into one, atomically: each source's observations are copied to the target (each
 * text once, after the target's own, in the source's order), its relations are re-pointed to the
 * target (duplicates dropped), and the sources are deleted. Target and sources are locked first,
 * so a write to a source that commits before the merge is carried over, and one that comes after
 * finds the source gone and is refused: none is acknowledged and then lost.
 */
export async function mergeEntities(
  scope: WriteScope,
  namespace: string,
  merge: { into: string; sources: readonly string[] }
): Promise<number> {
  const sources = [...new Set(merge.sources)].filter(name => name !== merge.into);
  const ids = await lookUpEntities(scope, { namespace, names: [merge.into, ...sources], lock: 'update' });
  const missing = [merge.into, ...sources].filter(name => !ids.has(name));
  if (missing.length > 0) throw new MissingEntitiesError(missing);
  const target = ids.get(merge.into) as number;
  const stamp = now();
  for (const name of sources) {
    const source = ids.get(name) as number;
    await sql`insert into observations (entity_id, content, content_key, content_fold, created_at, updated_at)
      select ${target}, content, content_key, content_fold, created_at, ${stamp} from observations
      where entity_id = ${source} order by id
      on conflict do nothing`.execute(scope.db);
    await repoint(scope.db, { column: 'from_id', source, target, stamp });
    await repoint(scope.db, { column: 'to_id', source, target, stamp });
    await scope.db.deleteFrom('entities').where('id', '=', source).execute();
  }
  await scope.db.updateTable('entities').set({ updated_at: stamp }).where('id', '=', target).execute();
  scope.changed(namespace, [target, ...sources.map(name => ids.get(name) as number)]);
  return sources.length;
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
