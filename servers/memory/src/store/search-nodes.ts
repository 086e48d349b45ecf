import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';

import type { OpenDatabase } from './database.js';

/** Words beyond this many add little to a search and only cost time. */
const MAX_WORDS = 16;

/** The shortest word a trigram index can look up. */
const INDEXED_WORD = 3;

/** How an entity matched: the official substring tiers first, then all-words matches. */
const MatchTier = { name: 3, type: 2, observation: 1, words: 0 } as const;

/** The query's distinct words (runs of letters and digits), lower-cased, at most MAX_WORDS. */
function queryWords(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_WORDS);
}

/**
 * The ids of every entity of the namespace that matches the query, best first.
 *
 * An entity matches when its name, type or an observation contains the query (case-insensitive:
 * the official meaning), or when every word of the query starts a word of its text, in any order
 * ("alice coff" finds Alice whose observation says "drinks coffee"). Substring matches
 * rank first — name, then type, then observation — and word matches after them; within a tier,
 * entities whose name holds more of the query's words come first, then the most recently changed.
 *
 * Both engines answer both kinds of match from one trigram index over entities.search_text
 * (SQLite FTS5, which drives the query so its cost follows the hits rather than the graph;
 * PostgreSQL pg_trgm); rank() orders them the same way for both.
 */
export async function rankedMatches(
  { db, engine }: OpenDatabase,
  namespace: string,
  query: string
): Promise<number[]> {
  const pattern = likePattern(query);
  // An ESCAPE clause stops SQLite's trigram index from answering the LIKE: add it only when needed.
  const escape = /[\\%_]/.test(query) ? sql` escape '\\'` : sql``;
  const words = queryWords(query);
  // The trigram index counts characters (code points), not UTF-16 units.
  const indexed = words.filter(word => [...word].length >= INDEXED_WORD);
  // Words match only when one can be looked up in the index; a lone word that is the whole query
  // finds nothing the substring match does not.
  const byWords = indexed.length > 0 && (words.length > 1 || words[0] !== query.toLowerCase());
  // The search text is lower-cased by JavaScript, as is every pattern, so LIKE compares the same
  // way on both engines whatever their case rules. Ranking happens in rank(), for the same reason.
  const substring = sql<boolean>`e.search_text like ${pattern}${escape}`;
  // Each word must start a word of the text: PostgreSQL's \m is a word start; SQLite calls
  // registerSearchFunctions' has_word_prefix. Words hold only letters and digits, so neither
  // reads them as syntax.
  const allWords = sql.join(
    words.map(word =>
      engine === 'postgres'
        ? sql`(e.search_text like ${likePattern(word)} and e.search_text ~ ${`\\m${word}`})`
        : sql`has_word_prefix(e.search_text, ${word})`
    ),
    sql` and `
  );
  const columns = sql`e.id, e.name, e.entity_type, e.updated_at, ${substring} as contains_query`;

  if (engine === 'postgres') {
    const { rows } = await sql<MatchedRow>`
      select ${columns} from entities e
      where e.namespace = ${namespace} and (${substring} ${byWords ? sql`or (${allWords})` : sql``})`.execute(
      db
    );
    return rank(rows, query, words);
  }
  // SQLite: the FTS5 table yields candidate rowids, then entities are looked up by key and checked.
  // With words, candidates come from the rarest of them: every substring match contains each word
  // too, so one lookup serves both kinds of match, and its cost follows that word's rows, not the
  // graph's. Words too short for the index are checked on those candidates.
  const candidates = byWords
    ? sql`select rowid from entity_search where entity_search match ${ftsPhrases(await rarest(db, indexed))}`
    : sql`select rowid from entity_search where search_text like ${pattern}${escape}`;
  const { rows } = await sql<MatchedRow>`
    with hits(id) as (${candidates})
    select ${columns} from hits cross join entities e on e.id = hits.id
    where e.namespace = ${namespace} ${byWords ? sql`and (${substring} or (${allWords}))` : sql``}`.execute(
    db
  );
  return rank(rows, query, words);
}

/** A matching entity as the query returns it (contains_query: 0/1 from SQLite, a boolean from PostgreSQL). */
interface MatchedRow {
  id: number | string;
  name: string;
  entity_type: string;
  updated_at: string;
  contains_query: boolean | number;
}

/**
 * Orders matches: the official substring tiers (name, then type, then observation), then word
 * matches; within a tier, names holding more of the query's words, then the most recently changed,
 * then creation order. Case is folded here by JavaScript, as the official server does.
 */
function rank(rows: readonly MatchedRow[], query: string, words: readonly string[]): number[] {
  const needle = query.toLowerCase();
  const scored = rows.map(row => {
    const name = row.name.toLowerCase();
    const tier = name.includes(needle)
      ? MatchTier.name
      : row.entity_type.toLowerCase().includes(needle)
        ? MatchTier.type
        : row.contains_query === true || Number(row.contains_query) === 1
          ? MatchTier.observation
          : MatchTier.words;
    const nameWords = words.filter(word => name.includes(word)).length;
    return { id: Number(row.id), tier, nameWords, updatedAt: row.updated_at };
  });
  scored.sort(
    (left, right) =>
      right.tier - left.tier ||
      right.nameWords - left.nameWords ||
      (left.updatedAt < right.updatedAt ? 1 : left.updatedAt > right.updatedAt ? -1 : 0) ||
      left.id - right.id
  );
  return scored.map(({ id }) => id);
}

/** How many rows a probe counts before it calls a word common. */
const COMMON = 200;

/** Words probed for rarity: the longest, which tend to be the rarest. */
const PROBED = 4;

/**
 * The word(s) to look candidates up by: the one found in the fewest rows, counting each only up
 * to COMMON (FTS5 stops early, so a probe is cheap). When every probed word is common, all of
 * them, so the index intersects them.
 */
async function rarest(db: OpenDatabase['db'], words: readonly string[]): Promise<string[]> {
  const probed = [...words].sort((left, right) => right.length - left.length).slice(0, PROBED);
  if (probed.length === 1) return probed;
  // One statement counts them all: a column per word.
  const { rows } = await sql<Record<string, number>>`select ${sql.join(
    probed.map(
      (word, index) => sql`(select count(*) from (select rowid from entity_search
        where entity_search match ${ftsPhrases([word])} limit ${COMMON})) as ${sql.ref(`w${index}`)}`
    )
  )}`.execute(db);
  const counts = probed.map((_, index) => Number(rows[0]?.[`w${index}`] ?? 0));
  const fewest = Math.min(...counts);
  return fewest >= COMMON ? probed : [probed[counts.indexOf(fewest)] as string];
}

/** An FTS5 query that ANDs the words as quoted strings (the trigram tokenizer reads each as a phrase). */
function ftsPhrases(words: readonly string[]): string {
  return words.map(word => `"${word.replaceAll('"', '""')}"`).join(' ');
}

/** `%text%` for LIKE, lower-cased, with LIKE's wildcards and its escape character escaped. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, match => `\\${match}`)}%`;
}

const wordStarts = new Map<string, RegExp>();

/**
 * Registers the SQL functions SQLite's search uses: has_word_prefix(text, word) is 1 when a word of
 * `text` starts with `word` (both lower-case). A word is a run of letters, digits and underscores,
 * as PostgreSQL's \m reads it, so both engines agree.
 */
export function registerSearchFunctions(database: BetterSqlite3.Database): void {
  database.function('has_word_prefix', { deterministic: true }, (text: unknown, word: unknown) => {
    if (typeof text !== 'string' || typeof word !== 'string') return 0;
    let pattern = wordStarts.get(word);
    if (pattern === undefined) {
      if (wordStarts.size > 1000) wordStarts.clear();
      pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[^\p{L}\p{N}]/gu, '')}`, 'u');
      wordStarts.set(word, pattern);
    }
    return pattern.test(text) ? 1 : 0;
  });
}
