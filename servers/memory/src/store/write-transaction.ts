import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';

import type { OpenDatabase } from './database.js';
import { StoreBusyError } from './errors.js';
import type { MemoryDatabase } from './schema.js';

/** What a write transaction's work receives: the transaction, and a way to say what it changed. */
export interface WriteScope {
  db: Kysely<MemoryDatabase>;
  engine: OpenDatabase['engine'];
  /** Marks a namespace as changed: its version is bumped just before the commit. */
  changed(namespace: string): void;
}

/** A namespace's version after a committed change, as the change feed compares them. */
export interface CommittedChange {
  namespace: string;
  version: number;
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction may simply run again. */
const RETRIED = new Set(['40P01', '40001']);
const ATTEMPTS = 6;

/**
 * Runs `work` in a write transaction and bumps the version of every namespace it marked changed,
 * last, so that row's lock is held only for the commit. On SQLite it begins IMMEDIATE, taking the
 * write lock up front: a deferred transaction that later upgrades can fail with SQLITE_BUSY when
 * another process wrote in between, while an immediate one waits out the busy timeout instead.
 * PostgreSQL runs READ COMMITTED; the work locks the entities it reads before it writes (see
 * lookUpEntities), and a transaction PostgreSQL aborts as a deadlock victim is run again.
 */
export async function writeTransaction<T>(
  store: OpenDatabase,
  work: (scope: WriteScope) => Promise<T>
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, changes } = await attemptWrite(store, work);
      if (changes.length > 0) store.onCommit(changes);
      return result;
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (
        store.engine === 'postgres' &&
        typeof code === 'string' &&
        RETRIED.has(code) &&
        attempt < ATTEMPTS
      ) {
        await new Promise(resolve => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) throw new StoreBusyError(error);
      throw error;
    }
  }
}

async function attemptWrite<T>(
  store: OpenDatabase,
  work: (scope: WriteScope) => Promise<T>
): Promise<{ result: T; changes: CommittedChange[] }> {
  const run = async (db: Kysely<MemoryDatabase>) => {
    const namespaces = new Set<string>();
    const result = await work({ db, engine: store.engine, changed: namespace => namespaces.add(namespace) });
    const changes: CommittedChange[] = [];
    for (const namespace of [...namespaces].sort()) changes.push(await bumpVersion(db, store, namespace));
    return { result, changes };
  };
  if (store.engine === 'postgres') {
    return store.db.transaction().execute((trx: Transaction<MemoryDatabase>) => run(trx));
  }
  return store.db.connection().execute(async connection => {
    await sql`begin immediate`.execute(connection);
    try {
      const outcome = await run(connection);
      await sql`commit`.execute(connection);
      return outcome;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

/**
 * Counts a change to a namespace. PostgreSQL also NOTIFYs other processes; the notification is
 * delivered only if the transaction commits.
 */
async function bumpVersion(
  db: Kysely<MemoryDatabase>,
  store: OpenDatabase,
  namespace: string
): Promise<CommittedChange> {
  const stamp = new Date().toISOString();
  const { rows } = await sql<{
    version: number | string;
  }>`insert into namespaces (namespace, version, changed_at)
    values (${namespace}, 1, ${stamp})
    on conflict (namespace) do update set version = namespaces.version + 1, changed_at = excluded.changed_at
    returning version`.execute(db);
  const version = Number(rows[0]?.version);
  if (store.engine === 'postgres') {
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify({ namespace, version })})`.execute(db);
  }
  return { namespace, version };
}

/** The PostgreSQL channel committed changes are announced on. */
export const CHANGE_CHANNEL = 'mcpkit_memory_changes';
