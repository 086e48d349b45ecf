import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import type BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';

import type { DialectAdapter, KyselyConfig, PostgresPool, PostgresPoolClient } from 'kysely';
import { Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import pg from 'pg';

import type { Engine } from './engine.js';
import { StoreTooNewError } from './errors.js';
import { migrationsFor } from './migrations/index.js';
import type { MemoryDatabase } from './schema.js';
import { DEFAULT_INDEX_CHARS, IndexRegistry } from './search/memory/index-registry.js';
import { registerSearchFunctions } from './search/sqlite-functions.js';
import { loadSqliteDriver } from './sqlite-driver.js';
import { cachingStatements } from './statement-cache.js';
import type { CommittedChange } from './write-transaction.js';

export type { Engine } from './engine.js';

/** Where the store reports what an operator should know (a missing extension, say). */
export interface StoreLogger {
  info?(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** A statement the store ran, for tests and profiling. */
export interface QueryEvent {
  sql: string;
  parameters: readonly unknown[];
  durationMs: number;
}

/** How to open a store. */
export interface OpenOptions {
  logger?: StoreLogger;
  /** Called for every statement run (tests count them; a profiler times them). */
  onQuery?: (event: QueryEvent) => void;
  /**
   * Characters of text the search indexes in memory may hold in all (default DEFAULT_INDEX_CHARS,
   * about 256 MB of heap); 0 keeps search on the database.
   */
  searchIndexChars?: number;
  /** Entities an index reads per step while it loads (default 500; tests make loads take longer). */
  searchIndexLoadBatch?: number;
}

/** Kysely's `log` setting when statements are to be reported (none otherwise). */
function logOption(options: OpenOptions): Pick<KyselyConfig, 'log'> {
  const onQuery = options.onQuery;
  if (onQuery === undefined) return {};
  return {
    log: event =>
      onQuery({
        sql: event.query.sql,
        parameters: event.query.parameters,
        durationMs: event.queryDurationMillis
      })
  };
}

/** An open, migrated store database. */
export interface OpenDatabase {
  db: Kysely<MemoryDatabase>;
  engine: Engine;
  /** PostgreSQL: whether pg_trgm's indexes exist (without them search scans). SQLite: always. */
  trigramIndexes: boolean;
  /** Opens a dedicated PostgreSQL connection (for LISTEN); undefined on SQLite. */
  connectListener?: () => Promise<pg.Client>;
  /** Called after every committed write with the namespaces' new versions (the change feed's hook). */
  onCommit: (changes: readonly CommittedChange[]) => void;
  /**
   * Runs long reads (an export) in one consistent snapshot, on a connection of their own: other
   * processes and this one's calls go on writing meanwhile, and the reads see none of it.
   */
  readSnapshot<T>(work: (db: Kysely<MemoryDatabase>) => Promise<T>): Promise<T>;
  /** Whether close() was called (background work such as the change feed stops then). */
  readonly closed: boolean;
  /** The namespaces' search indexes in memory, which search reads once they are loaded. */
  readonly searchIndexes: IndexRegistry;
  close(): Promise<void>;
}

/** Adds `closed` to a store (set as soon as close() is called) and its search indexes. */
function closable(store: Omit<OpenDatabase, 'closed' | 'searchIndexes'>, options: OpenOptions): OpenDatabase {
  let closed = false;
  const close = store.close;
  const open = Object.defineProperties(store, {
    closed: { get: () => closed, enumerable: true },
    close: {
      value: () => {
        closed = true;
        return close();
      }
    }
  }) as OpenDatabase;
  const indexes = new IndexRegistry(open, {
    maxChars: options.searchIndexChars ?? DEFAULT_INDEX_CHARS,
    ...(options.searchIndexLoadBatch === undefined ? {} : { loadBatch: options.searchIndexLoadBatch }),
    ...(options.logger === undefined ? {} : { logger: options.logger })
  });
  return Object.defineProperty(open, 'searchIndexes', { value: indexes, enumerable: true });
}

/**
 * Opens the store: a `postgres://` URL, or a SQLite file path (created with its directory). SQLite
 * runs in WAL mode with a busy timeout, so several processes can share one file without losing
 * writes, and with foreign keys on. Migrations run before the database is returned.
 */
export async function openDatabase(location: string, options: OpenOptions = {}): Promise<OpenDatabase> {
  return /^postgres(ql)?:\/\//.test(location)
    ? openPostgres(location, options)
    : openSqlite(location, options);
}

async function openSqlite(path: string, options: OpenOptions): Promise<OpenDatabase> {
  const Driver = await loadSqliteDriver();
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Driver(path);
  // The busy timeout first: switching to WAL takes a lock another starting process may hold.
  database.pragma('busy_timeout = 10000');
  useWal(database);
  // NORMAL in WAL mode: a crash of the process never loses a committed write (power loss may).
  database.pragma('synchronous = NORMAL');
  useMemory(database);
  registerSearchFunctions(database);
  const db = new Kysely<MemoryDatabase>({
    dialect: new StoreSqliteDialect({ database: cachingStatements(database) }),
    ...logOption(options)
  });
  try {
    // Foreign keys stay off while migrating: rebuilding a table (0004) must not cascade. They are
    // checked before they are turned on.
    database.pragma('foreign_keys = OFF');
    await migrate(db, 'sqlite');
    const dangling = database.pragma('foreign_key_check') as unknown[];
    if (dangling.length > 0) throw new Error(`The memory store has ${dangling.length} dangling references.`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return closable(
    {
      db,
      engine: 'sqlite',
      trigramIndexes: true,
      onCommit: () => undefined,
      readSnapshot: work =>
        path === ':memory:' ? db.transaction().execute(work) : snapshotOf(Driver, path, work),
      close: () => db.destroy()
    },
    options
  );
}

/**
 * Pages read through a memory map (the OS page cache, shared by every process on the store) and a
 * larger private cache than SQLite's 2 MB default: search reads entities and observations by id
 * all over the file, and at 100k entities this halves what classifying a candidate costs
 * (measured: 37 → 20 ms for 2,000 candidates). Both only reserve: pages come in as they are read.
 */
function useMemory(database: { pragma(source: string): unknown }): void {
  database.pragma('mmap_size = 268435456');
  database.pragma('cache_size = -32768');
}

/** A read transaction on a read-only connection of its own: WAL gives it a snapshot that writers don't block. */
async function snapshotOf<T>(
  Driver: Awaited<ReturnType<typeof loadSqliteDriver>>,
  path: string,
  work: (db: Kysely<MemoryDatabase>) => Promise<T>
): Promise<T> {
  const database = new Driver(path, { readonly: true });
  database.pragma('busy_timeout = 10000');
  useMemory(database);
  const reader = new Kysely<MemoryDatabase>({ dialect: new SqliteDialect({ database }) });
  try {
    return await reader.transaction().execute(work);
  } finally {
    await reader.destroy();
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<OpenDatabase> {
  // Custom plans always: a generic plan of a search lookup (`like $1`) cannot see the pattern, and
  // scans the table where the trigram index answers in a millisecond.
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: '-c plan_cache_mode=force_custom_plan'
  });
  // An idle connection the server closes (a restart, an administrator) must not crash the process.
  pool.on('error', error => options.logger?.warn({ err: error }, 'a PostgreSQL connection failed'));
  const db = new Kysely<MemoryDatabase>({
    dialect: new PostgresDialect({ pool: preparingStatements(pool) }),
    ...logOption(options)
  });
  let trigramIndexes: boolean;
  try {
    await migrate(db, 'postgres');
    trigramIndexes = await ensureTrigramIndexes(db, options.logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return closable(
    {
      db,
      engine: 'postgres',
      trigramIndexes,
      connectListener: async () => {
        const client = new pg.Client({ connectionString: url });
        client.on('error', error =>
          options.logger?.warn({ err: error }, 'the PostgreSQL change listener failed')
        );
        await client.connect();
        return client;
      },
      onCommit: () => undefined,
      readSnapshot: work =>
        db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work),
      close: () => db.destroy()
    },
    options
  );
}

/** SQL longer than this runs unnamed: a batch insert's text varies with its rows and is used once. */
const PREPARED_SQL_CHARS = 8192;

/**
 * A pool whose connections run each statement as a named prepared statement (named after its
 * text): PostgreSQL parses it once per connection and can keep its plan, where an unnamed one is
 * parsed and planned on every call (about a millisecond for search's larger statements, several
 * per search). The store's statements repeat a few shapes with bound values, so this is safe.
 */
function preparingStatements(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let preparing = wrapped.get(client);
      if (preparing === undefined) {
        preparing = {
          query: (text: string, values?: readonly unknown[]) =>
            client.query({
              text,
              values: values === undefined ? [] : [...values],
              ...(text.length <= PREPARED_SQL_CHARS
                ? { name: `m${createHash('sha1').update(text).digest('hex').slice(0, 20)}` }
                : {})
            }),
          release: () => client.release()
        } as unknown as PostgresPoolClient;
        wrapped.set(client, preparing);
      }
      return preparing;
    },
    end: () => pool.end()
  };
}

/**
 * GIN queues new entries in a pending list that every lookup reads whole, until it exceeds the
 * limit (4 MB by default) or autovacuum merges it: after an import, ~10,000 queued names cost a
 * lookup of a rare word 6 ms instead of 0.3. 256 kB bounds that, and the merges it brings stay small.
 * (The same in migration 0004.)
 */
const TRIGRAM_INDEXES = [
  {
    name: 'entities_name_search',
    create: sql`create index if not exists entities_name_search on entities using gin (name_fold gin_trgm_ops)
        with (gin_pending_list_limit = 256)`
  },
  {
    name: 'observations_search',
    create: sql`create index if not exists observations_search on observations using gin (content_fold gin_trgm_ops)
        with (gin_pending_list_limit = 256)`
  }
];

/**
 * Search uses pg_trgm's GIN indexes when it can. A store migrated where the extension could not be
 * created gets them on a later start once an administrator has installed it; until then the
 * server says so once, at start, and search scans.
 */
async function ensureTrigramIndexes(
  db: Kysely<MemoryDatabase>,
  logger: StoreLogger | undefined
): Promise<boolean> {
  const present = async () =>
    Number(
      (
        await sql<{ count: string | number }>`select count(*) as count from pg_indexes
          where schemaname = current_schema() and indexname in (${sql.join(TRIGRAM_INDEXES.map(index => index.name))})`.execute(
          db
        )
      ).rows[0]?.count
    ) === TRIGRAM_INDEXES.length;
  if (await present()) return true;
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
    for (const index of TRIGRAM_INDEXES) await index.create.execute(db);
    return await present();
  } catch (error) {
    logger?.warn(
      { err: error },
      'pg_trgm is not available, so search scans every entity instead of using an index. Ask an administrator to run `create extension pg_trgm` in this database; the next start creates the indexes.'
    );
    return false;
  }
}

const MIGRATION_ATTEMPTS = 20;

/**
 * Brings the schema up to date. Every run of migrations is one transaction on both engines, so a
 * process killed mid-migration leaves the schema as it was. When two processes start on a new
 * SQLite file at once, the loser's transaction fails busy and rolls back; it retries and finds the
 * winner's migrations applied. Any other failure is final at once.
 */
async function migrate(db: Kysely<MemoryDatabase>, engine: Engine): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { error } = await new Migrator({ db, provider: migrationsFor(engine) }).migrateToLatest();
    if (!error) return;
    const newer = /previously executed migration (\S+) is missing/.exec(
      error instanceof Error ? error.message : ''
    );
    if (newer) {
      throw new StoreTooNewError(newer[1] as string);
    }
    if (!isBusy(error) || attempt >= MIGRATION_ATTEMPTS) {
      throw error instanceof Error
        ? error
        : new Error('Migrating the memory store failed.', { cause: error });
    }
    await new Promise(resolve => setTimeout(resolve, 25 * attempt));
  }
}

/** SQLite's "another connection holds the lock" (SQLITE_BUSY and its extended codes). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * SQLite does run DDL inside transactions; kysely's adapter says it does not, which makes its
 * migrator run each statement on its own. Saying so lets a migration roll back whole.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class StoreSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

/**
 * Switches a file to WAL (persistent, so only its first opener does it). The switch needs an
 * exclusive lock and does not always wait on the busy timeout, so a process starting beside
 * another retries for up to two seconds.
 */
function useWal(database: BetterSqlite3.Database): void {
  for (let attempt = 0; ; attempt++) {
    try {
      if (database.pragma('journal_mode', { simple: true }) !== 'wal') database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || attempt >= 100) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}
