import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';

import { migrationsFor } from './migrations.js';
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
    const { error } = await new Migrator({ db, provider: migrationsFor(engine) }).migrateToLatest();
    if (error) {
      throw error instanceof Error
        ? error
        : new Error('Migrating the memory store failed.', { cause: error });
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine, close: () => db.destroy() };
}

function sqlite(path: string): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('foreign_keys = ON');
  // NORMAL in WAL mode: a crash of the process never loses a committed write (power loss may).
  database.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database });
}

function postgres(url: string): PostgresDialect {
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) });
}
