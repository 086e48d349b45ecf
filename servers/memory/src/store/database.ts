import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import type { DialectAdapter } from 'kysely';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';

import { migrationsFor } from './migrations.js';
import { registerSearchFunctions } from './search-nodes.js';
import { cachingStatements } from './statement-cache.js';
import type { MemoryDatabase } from './schema.js';

/** The engines the memory store runs on. */
export type Engine = 'sqlite' | 'postgres';

/** An open, migrated store database. */
export interface OpenDatabase {
  db: Kysely<MemoryDatabase>;
  engine: Engine;
  close(): Promise<void>;
}

/**
 * Opens the store: a `postgres://` URL, or a SQLite file path (created with its directory). SQLite
 * runs in WAL mode with a busy timeout, so several processes can share one file without losing
 * writes, and with foreign keys on. Migrations run before the database is returned.
 */
export async function openDatabase(location: string): Promise<OpenDatabase> {
  const engine: Engine = /^postgres(ql)?:\/\//.test(location) ? 'postgres' : 'sqlite';
  const db = new Kysely<MemoryDatabase>({
    dialect: engine === 'postgres' ? postgres(location) : sqlite(location)
  });
  try {
    await migrate(db, engine);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine, close: () => db.destroy() };
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
      throw new Error(
        `The memory store was migrated by a newer @mcpkit/server-memory (it has migration ${newer[1]}, which this version does not know). Upgrade this server, or give it another --database-url.`
      );
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

function sqlite(path: string): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  // The busy timeout first: switching to WAL takes a lock another starting process may hold.
  database.pragma('busy_timeout = 10000');
  useWal(database);
  database.pragma('foreign_keys = ON');
  // NORMAL in WAL mode: a crash of the process never loses a committed write (power loss may).
  database.pragma('synchronous = NORMAL');
  registerSearchFunctions(database);
  return new StoreSqliteDialect({ database: cachingStatements(database) });
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

function postgres(url: string): PostgresDialect {
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) });
}
