import { fold } from '../text-keys.js';

/** Words beyond this many add little to a search and only cost time. */
const MAX_WORDS = 16;

/** The shortest text a trigram index can look up, in characters. */
export const INDEXED_CHARS = 3;

/** How an entity matched: the official substring tiers first, then all-words matches. */
export type Tier = 3 | 2 | 1 | 0;

/** A rank class: a tier, and how many query words the name holds. Classes rank in list order. */
export interface SearchClass {
  index: number;
  tier: Tier;
  nameWords: number;
}

/** A query as search uses it. */
export interface QueryTerms {
  /** The query, folded as the official server folds it. */
  text: string;
  /** Its distinct words (runs of letters and digits), folded, at most 16. */
  words: string[];
  /**
   * Whether the word tier applies: a word must be long enough to look up, and a lone word that is
   * the whole query finds nothing its substring match does not.
   */
  wordsTier: boolean;
  /** Every class a match can fall in, best first. */
  classes: SearchClass[];
}

export const indexable = (text: string): boolean => [...text].length >= INDEXED_CHARS;

/**
 * What an entity matching `query` can be. A name holding the query holds every word of it, so the
 * name tier has one class; the others have one per count of words in the name, most first.
 */
export function queryTerms(query: string): QueryTerms {
  const text = fold(query);
  const words = [...new Set(text.match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_WORDS);
  const wordsTier = words.some(indexable) && (words.length > 1 || words[0] !== text);
  const classes: SearchClass[] = [{ index: 0, tier: 3, nameWords: words.length }];
  // A query that is one word: a name holding that word holds the query, and is in the name tier.
  const most = words.includes(text) ? words.length - 1 : words.length;
  for (const tier of wordsTier ? ([2, 1, 0] as const) : ([2, 1] as const)) {
    for (let nameWords = most; nameWords >= 0; nameWords--) {
      classes.push({ index: classes.length, tier, nameWords });
    }
  }
  return { text, words, wordsTier, classes };
}

/** The class of an entity with `tier` whose name holds `nameWords` of the words. */
export function classOf(terms: QueryTerms, tier: Tier, nameWords: number): number {
  if (tier === 3) return 0;
  const most = terms.words.includes(terms.text) ? terms.words.length - 1 : terms.words.length;
  return 1 + (2 - tier) * (most + 1) + (most - nameWords);
}
