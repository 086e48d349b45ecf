import type BetterSqlite3 from 'better-sqlite3';

const wordStarts = new Map<string, RegExp>();

/**
 * The word-start test of the word tier: whether a word of `text` starts with `word` (both folded).
 * A word is a run of letters, digits and underscores, as PostgreSQL's `\m` reads it, so both
 * engines agree. `word` holds only letters and digits (see queryTerms), so it is no regex syntax.
 */
export function startsWord(text: string, word: string): boolean {
  let pattern = wordStarts.get(word);
  if (pattern === undefined) {
    if (wordStarts.size > 1000) wordStarts.clear();
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[^\p{L}\p{N}]/gu, '')}`, 'u');
    wordStarts.set(word, pattern);
  }
  return pattern.test(text);
}

/** Registers the SQL functions SQLite's search uses: `starts_word(text, word)`, 1 or 0. */
export function registerSearchFunctions(database: BetterSqlite3.Database): void {
  database.function('starts_word', { deterministic: true }, (text: unknown, word: unknown) =>
    typeof text === 'string' && typeof word === 'string' && startsWord(text, word) ? 1 : 0
  );
}
