import type BetterSqlite3 from 'better-sqlite3';

import { startsWord } from './word-start.js';

/** Registers the SQL functions SQLite's search uses: `starts_word(text, word)`, 1 or 0. */
export function registerSearchFunctions(database: BetterSqlite3.Database): void {
  database.function('starts_word', { deterministic: true }, (text: unknown, word: unknown) =>
    typeof text === 'string' && typeof word === 'string' && startsWord(text, word) ? 1 : 0
  );
}
