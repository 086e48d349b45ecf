import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct statements kept prepared; the least recently used is finalised past this. */
const CACHED_STATEMENTS = 100;

/**
 * Longer SQL is prepared afresh each time: a multi-row INSERT's compiled program grows with its
 * rows, and a rare giant statement should not pin megabytes. The largest insert chunk (1,000 rows
 * of 8 columns, see insertRows) fits, so an import's chunks reuse one statement.
 */
const CACHED_SQL_CHARS = 65_536;

/**
 * A better-sqlite3 database for kysely's SqliteDialect that keeps prepared statements by their SQL
 * text. Kysely prepares every query it runs, and preparing a 500-row INSERT costs about as much as
 * running it; the store's queries repeat the same few shapes, so most calls find theirs here.
 * A statement still iterating (busy) is never handed out twice: that call gets a fresh one.
 */
export function cachingStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) {
        // Re-inserting keeps the map in least-recently-used order.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (sql.length > CACHED_SQL_CHARS) return statement;
      statements.set(sql, statement);
      if (statements.size > CACHED_STATEMENTS) {
        const oldest = statements.keys().next().value as string;
        statements.delete(oldest);
      }
      return statement;
    }
  };
}
