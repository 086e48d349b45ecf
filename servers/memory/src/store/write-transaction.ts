import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';

import type { OpenDatabase } from './database.js';
import { StoreBusyError } from './errors.js';
import type { MemoryDatabase } from './schema.js';

/** What a write transaction's work receives: the transaction, and a way to say what it changed. */
export interface WriteScope {
  db: Kysely<MemoryDatabase>;
  engine: OpenDatabase['engine'];
  /**
   * Marks a namespace as changed: its version is bumped just before the commit. `entities` are the
   * ones whose name, type, observations or existence changed (what search indexes read again).
   */
  changed(namespace: string, entities?: Iterable<number>): void;
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
 * How many versions of entity changes a namespace keeps. Every PRUNE_EVERY-th version deletes the
 * older ones, so an index at version `v` can catch up from the change log exactly when
 * `v >= changesKeptFrom(current)`; one further behind reads the namespace again.
 */
export const CHANGES_KEPT = 8192;
const PRUNE_EVERY = 256;

/** The oldest version whose changes the log still holds, when the namespace is at `version`. */
export function changesKeptFrom(version: number): number {
  return version - (version % PRUNE_EVERY) - CHANGES_KEPT;
}

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
    const namespaces = new Map<string, Set<number>>();
    const result = await work({
      db,
      engine: store.engine,
      changed: (namespace, entities = []) => {
        let ids = namespaces.get(namespace);
        if (ids === undefined) namespaces.set(namespace, (ids = new Set()));
        for (const id of entities) ids.add(id);
      }
    });
    const changes: CommittedChange[] = [];
    for (const namespace of [...namespaces.keys()].sort()) {
      const change = await bumpVersion(db, store, namespace);
      await recordEntityChanges(db, store.engine, {
        ...change,
        entities: namespaces.get(namespace) as Set<number>
      });
      changes.push(change);
    }
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

/**
 * Notes the entities a version changed, in one statement (a later version of the same entity
 * replaces the row), and every PRUNE_EVERY-th version forgets those older than CHANGES_KEPT.
 */
async function recordEntityChanges(
  db: Kysely<MemoryDatabase>,
  engine: OpenDatabase['engine'],
  change: CommittedChange & { entities: ReadonlySet<number> }
): Promise<void> {
  const { namespace, version, entities } = change;
  if (entities.size > 0) {
    const ids =
      engine === 'postgres'
        ? sql`select unnest(${[...entities]}::int[]) as id`
        : sql`select value as id from json_each(${JSON.stringify([...entities])}) where true`;
    await sql`insert into entity_changes (namespace, entity_id, version)
      select ${namespace}, c.id, ${version} from (${ids}) c where true
      on conflict (namespace, entity_id) do update set version = excluded.version`.execute(db);
  }
  if (version % PRUNE_EVERY === 0) {
    await sql`delete from entity_changes
      where namespace = ${namespace} and version < ${changesKeptFrom(version)}`.execute(db);
  }
}

/** The PostgreSQL channel committed changes are announced on. */
export const CHANGE_CHANNEL = 'mcpkit_memory_changes';
