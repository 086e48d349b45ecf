import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import { chunks } from './batch.js';
import type { Engine } from './engine.js';
import type { MemoryDatabase } from './schema.js';
import { textKey } from './text-keys.js';

/**
 * How a PostgreSQL write locks the entities it names, so nothing it relies on changes before it
 * commits (READ COMMITTED would otherwise let a merge or delete slip in between its read and its
 * write, and lose what it wrote):
 * - `update`: the entity will be deleted, merged away or renamed;
 * - `no key update`: its row will be updated (observations added or removed);
 * - `key share`: it must only go on existing (a relation will point at it).
 * Locks are taken in id order by one statement, so two writes never wait on each other in a cycle.
 * SQLite needs none: its write transactions run one at a time.
 */
export type EntityLock = 'update' | 'no key update' | 'key share';

/** SQLite's bound-parameter limit is 32,766: keys per lookup statement stay well under it. */
const SQLITE_KEYS = 10_000;

/** The ids of the named entities that exist in the namespace (by name), locked as asked. */
export async function lookUpEntities(
  scope: { db: Kysely<MemoryDatabase>; engine: Engine },
  query: { namespace: string; names: Iterable<string>; lock?: EntityLock }
): Promise<Map<string, number>> {
  const { namespace, names, lock } = query;
  const keys = [...new Set(names)].map(textKey);
  const ids = new Map<string, number>();
  if (keys.length === 0) return ids;
  if (scope.engine === 'postgres') {
    const { rows } = await sql<{ id: number; name: string }>`select id, name from entities
      where namespace = ${namespace} and name_key = any(${keys}::bytea[])
      order by id ${lock === undefined ? sql`` : sql.raw(`for ${lock}`)}`.execute(scope.db);
    for (const row of rows) ids.set(row.name, Number(row.id));
    return ids;
  }
  for (const part of chunks(keys, SQLITE_KEYS)) {
    const rows = await scope.db
      .selectFrom('entities')
      .select(['id', 'name'])
      .where('namespace', '=', namespace)
      .where('name_key', 'in', part)
      .execute();
    for (const row of rows) ids.set(row.name, Number(row.id));
  }
  return ids;
}
