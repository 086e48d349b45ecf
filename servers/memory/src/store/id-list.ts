import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';

import type { Engine } from './engine.js';

/**
 * `column` is one of `ids`, as each engine takes a list of any length in one parameter: an
 * `int[]` on PostgreSQL, a JSON array on SQLite (whose parameter count is bounded).
 */
export function idIn(engine: Engine, column: string, ids: readonly number[]): RawBuilder<unknown> {
  return engine === 'postgres'
    ? sql`${sql.ref(column)} = any(${[...ids]}::int[])`
    : sql`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
