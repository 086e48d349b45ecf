import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';

import type { Engine } from './engine.js';
import type { MemoryDatabase } from './schema.js';

/** Bound parameters per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;
/**
 * Rows per statement at most: past a few hundred, a bigger statement inserts no faster and costs
 * more to prepare. A big batch runs as full chunks of one size, so their statement is reused.
 */
const MAX_ROWS = 1000;

type Column<Table extends keyof MemoryDatabase> = keyof MemoryDatabase[Table] & string;

/** One multi-row insert: the table, its columns in order, a row of values per record. */
export interface Insert<Table extends keyof MemoryDatabase> {
  table: Table;
  columns: readonly Column<Table>[];
  rows: readonly (readonly unknown[])[];
  returning?: readonly Column<Table>[];
  /**
   * Skip rows that would break a uniqueness rule instead of failing (`ON CONFLICT DO NOTHING`): what
   * makes "existing ones are skipped" hold when several processes insert the same keys at once.
   * With `returning`, only the rows actually inserted come back.
   */
  skipConflicts?: boolean;
}

/**
 * Inserts rows with one multi-row INSERT per chunk, compiled here rather than by kysely's query
 * builder: for a 500-row batch the builder's node per value cost about as much as SQLite's insert.
 * A chunk of a given size always has the same SQL text, so SQLite's statement cache serves it.
 * Table and column names come from this code, never from input; values are bound parameters.
 */
export async function insertRows<Table extends keyof MemoryDatabase>(
  db: Kysely<MemoryDatabase>,
  engine: Engine,
  insert: Insert<Table>
): Promise<Record<string, unknown>[]> {
  const width = insert.columns.length;
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / width)));
  const head = `insert into "${insert.table}" (${insert.columns.map(column => `"${column}"`).join(', ')}) values `;
  const tail =
    (insert.skipConflicts ? ' on conflict do nothing' : '') +
    (insert.returning === undefined
      ? ''
      : ` returning ${insert.returning.map(column => `"${column}"`).join(', ')}`);
  const returned: Record<string, unknown>[] = [];
  for (let start = 0; start < insert.rows.length; start += perStatement) {
    const part = insert.rows.slice(start, start + perStatement);
    const parameters = part.flat();
    const result = await db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(`${head}${valueLists(engine, part.length, width)}${tail}`, parameters)
    );
    returned.push(...result.rows);
  }
  return returned;
}

/** `(?, ?), (?, ?)` for SQLite, `($1, $2), ($3, $4)` for PostgreSQL. */
function valueLists(engine: Engine, rows: number, width: number): string {
  const lists: string[] = [];
  let next = 1;
  for (let row = 0; row < rows; row++) {
    const marks: string[] = [];
    for (let column = 0; column < width; column++) marks.push(engine === 'postgres' ? `$${next++}` : '?');
    lists.push(`(${marks.join(', ')})`);
  }
  return lists.join(', ');
}
