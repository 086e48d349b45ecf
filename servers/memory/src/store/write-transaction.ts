import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';

import type { OpenDatabase } from './database.js';
import type { MemoryDatabase } from './schema.js';

/**
 * Runs `work` in a write transaction. On SQLite it begins IMMEDIATE, taking the write lock up
 * front: a deferred transaction that later upgrades can fail with SQLITE_BUSY when another process
 * wrote in between, while an immediate one waits out the busy timeout instead. PostgreSQL uses an
 * ordinary transaction (row locks and unique constraints serialise the conflicting parts).
 */
export async function writeTransaction<T>(
  store: OpenDatabase,
  work: (trx: Kysely<MemoryDatabase>) => Promise<T>
): Promise<T> {
  if (store.engine === 'postgres') {
    return store.db.transaction().execute((trx: Transaction<MemoryDatabase>) => work(trx));
  }
  return store.db.connection().execute(async connection => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
