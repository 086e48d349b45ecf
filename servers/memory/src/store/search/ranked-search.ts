import type { OpenDatabase } from '../database.js';
import type { QueryTerms, SearchClass, Tier } from './query-terms.js';
import { classOf, indexable } from './query-terms.js';
import type { ClassifiedRow, RecencyKey } from './search-sql.js';
import { SearchSql } from './search-sql.js';
import type { Stamped } from './recency-stamp.js';
import { compareRecency, compareStamped, stampOf, stamped } from './recency-stamp.js';
import type { SearchSource } from './search-source.js';
import { intersection, union } from './sorted-ids.js';
import { MemorySearch } from './memory/memory-search.js';
import type { NamespaceIndex } from './memory/namespace-index.js';

/** A hit's place in the ranking: its class, then recency (most recent first), then id. */
export interface SearchKey extends RecencyKey {
  classIndex: number;
}

/** Negative, zero or positive as `left` ranks before, with or after `right` (by class, then recency). */
function compareMembers(left: Stamped<SearchKey>, right: Stamped<SearchKey>): number {
  return left.classIndex - right.classIndex || compareStamped(left, right);
}

/** How search trades its two ways of finding hits; tests shrink them to take every path on a small graph. */
export interface SearchTuning {
  /** Candidates an index may hand over for exact ranking; past this a term counts as common. */
  indexedCap: number;
  /** The same for candidates whose observations must all be checked (word and name-word sets). */
  checkedCap: number;
  /** Entities in the first recency window; each next one is four times larger. */
  firstWindow: number;
  /** The walk window past which a text too short for the index is found by scanning instead. */
  scanRoom: number;
  /**
   * The walk window before which no lookup is tried. SQLite's index stops counting at the cap, so
   * a lookup costs little: 0. PostgreSQL's GIN reads a common trigram's whole posting list (tens of
   * ms at 100k), while its walk windows cost about a millisecond: walk a little first.
   */
  lookUpFrom: number;
}

const TUNING = {
  sqlite: { indexedCap: 1000, checkedCap: 300, firstWindow: 128, scanRoom: 8192, lookUpFrom: 0 },
  postgres: { indexedCap: 1000, checkedCap: 300, firstWindow: 256, scanRoom: 16_384, lookUpFrom: 1024 },
  // In memory a walk window of 256 costs less than a lookup of a common word that fails (which
  // tests thousands of candidates), and settles most queries: walk first, then look up early.
  memory: { indexedCap: 4000, checkedCap: 2000, firstWindow: 256, scanRoom: 256, lookUpFrom: 256 }
} satisfies Record<string, SearchTuning>;
const WINDOW_GROWTH = 4;
/** Name-word candidates filtered by word starts at most, as a multiple of the cap. */
const WORD_FILTER_ROOM = 8;
/** Entities a walk must have read before its share of matches predicts a lookup (see #tooCommon). */
const MIN_SAMPLE = 256;
/** Distinct types listed at most; past this, types are matched by walking. */
const TYPES_LISTED = 2000;
/** Types containing the query walked at most at once. */
const TYPES_WALKED = 16;

/** How far a walk has classified a set of classes: every member up to `position`, or all (`done`). */
interface Frontier {
  position: RecencyKey | undefined;
  done: boolean;
}

const START: Frontier = { position: undefined, done: false };

/** Of two frontiers, the one that has classified more. */
function further(left: Frontier, right: Frontier): Frontier {
  if (left.done) return left;
  if (right.done) return right;
  if (left.position === undefined) return right;
  if (right.position === undefined) return left;
  return compareRecency(left.position, right.position) > 0 ? left : right;
}

/**
 * The hits of a search after `after`, best first: the first `count`, and whether more exist.
 *
 * Matches are ranked by class (see queryTerms) and, within a class, by recency. Ranking every
 * match first would cost what a common word matches (170–300 ms at 100k entities), so this finds
 * the top ones several ways at once and stops as soon as they are certain:
 * - a walk through the namespace in recency order, classifying each entity as deep as the tiers
 *   still needed (names only, then types, then observations, then word starts): it finds each
 *   class's members in order, so a class that is common fills up after a short walk;
 * - a walk through each type that holds the query, in recency order, for the type tier;
 * - lookups in the trigram indexes for what is rare: a term found in few names or observations
 *   hands over every candidate, which are ranked exactly, completing the classes it covers.
 * The hits are certain when every class ranked above the last one needed is complete (looked up,
 * or walked to the end) and the walks have passed the ones taken from incomplete classes.
 */
export async function rankedSearch(
  store: OpenDatabase,
  options: {
    namespace: string;
    terms: QueryTerms;
    after?: SearchKey;
    count: number;
    tuning?: SearchTuning;
    /**
     * What to read: the namespace's index in memory when it is ready, else the database (`auto`,
     * the default), or only one of them (tests hold both to the same results). `memory` waits
     * for the index to load.
     */
    source?: 'auto' | 'database' | 'memory';
  }
): Promise<{ hits: SearchKey[]; more: boolean }> {
  const source = options.source ?? 'auto';
  const inMemory = (index: NamespaceIndex) => searchIndex(index, options);
  if (source === 'auto') {
    const found = await store.searchIndexes.withCurrent(options.namespace, inMemory);
    if (found !== undefined) return found.value;
  }
  const index = source === 'auto' ? undefined : await indexFor(store, options.namespace, source);
  if (index !== undefined) return inMemory(index);
  return new RankedSearch(new SearchSql(store, options.terms, options.namespace), {
    ...options,
    tuning: options.tuning ?? TUNING[store.engine]
  }).run();
}

/** The same search, on a namespace's index in memory as it stands (the caller knows it is current). */
export function searchIndex(
  index: NamespaceIndex,
  options: { terms: QueryTerms; after?: SearchKey; count: number; tuning?: SearchTuning }
): Promise<{ hits: SearchKey[]; more: boolean }> {
  return new RankedSearch(new MemorySearch(index, options.terms), {
    ...options,
    tuning: options.tuning ?? TUNING.memory
  }).run();
}

async function indexFor(
  store: OpenDatabase,
  namespace: string,
  source: 'database' | 'memory'
): Promise<NamespaceIndex | undefined> {
  if (source === 'database') return undefined;
  store.searchIndexes.preload(namespace);
  await store.searchIndexes.loaded(namespace);
  const index = await store.searchIndexes.current(namespace);
  if (index === undefined) throw new Error(`No search index could be loaded for namespace "${namespace}".`);
  return index;
}

class RankedSearch {
  readonly #source: SearchSource;
  readonly #terms: QueryTerms;
  readonly #tuning: SearchTuning;
  readonly #need: number;
  readonly #members = new Map<number, Map<number, Stamped<SearchKey>>>();
  readonly #after: Stamped<SearchKey> | undefined;
  /** Classes whose every member is known. */
  readonly #complete = new Set<number>();
  /** How far walks have classified each tier (a walk of depth t classifies tiers t and above). */
  readonly #frontiers = new Map<Tier, Frontier>([
    [3, START],
    [2, START],
    [1, START],
    [0, START]
  ]);
  #walk: { position: RecencyKey | undefined; depth: Tier; window: number } | undefined;
  /** Walks through each type that contains the query, in recency order (the type tier). */
  #typeStreams: Map<string, Frontier> | undefined;
  #typeWindow: number;
  #types: Promise<string[] | undefined> | undefined;
  /** What the index answered per term: its entities, or only that it holds more than `cap`. */
  readonly #sets = new Map<string, { cap: number; ids?: number[] }>();
  /** The room at which each count of name words was looked up and found too many. */
  readonly #nameWordsFailed = new Map<number, number>();
  /** Entities the walks have read, and how many of them matched in each tier (see #tooCommon). */
  #walked = 0;
  readonly #walkedTiers = [0, 0, 0, 0];
  /** See #nameWordCandidates. */
  readonly #candidates = new Map<string, Promise<number[] | undefined>>();

  constructor(
    source: SearchSource,
    private readonly options: {
      terms: QueryTerms;
      after?: SearchKey;
      count: number;
      tuning: SearchTuning;
    }
  ) {
    this.#source = source;
    this.#tuning = options.tuning;
    this.#typeWindow = this.#tuning.firstWindow;
    this.#terms = options.terms;
    this.#need = options.count + 1;
    this.#after = options.after === undefined ? undefined : stamped(options.after);
  }

  async run(): Promise<{ hits: SearchKey[]; more: boolean }> {
    await this.#rareWord();
    for (let blocked = this.#blocked(); blocked !== undefined; blocked = this.#blocked()) {
      await this.#step(blocked);
    }
    const ranked = this.#ranked();
    return { hits: ranked.slice(0, this.options.count), more: ranked.length > this.options.count };
  }

  /** The classes that can still hold hits after the cursor. */
  #classes(): SearchClass[] {
    const from = this.options.after?.classIndex ?? 0;
    return this.#terms.classes.filter(item => item.index >= from);
  }

  #frontier(item: SearchClass): Frontier {
    const walked = this.#frontiers.get(item.tier) as Frontier;
    return item.tier === 2 ? further(walked, this.#typeFrontier()) : walked;
  }

  /** How far the walks through the matching types have classified the type tier. */
  #typeFrontier(): Frontier {
    if (this.#typeStreams === undefined) return START;
    let position: RecencyKey | undefined;
    for (const stream of this.#typeStreams.values()) {
      if (stream.done) continue;
      if (stream.position === undefined) return START;
      if (position === undefined || compareRecency(stream.position, position) < 0) position = stream.position;
    }
    return position === undefined ? { position: undefined, done: true } : { position, done: false };
  }

  /**
   * The first `most` of the known members of a class after the cursor that are certain to be its
   * first ones, in order: kept in order as they come, so that a class of thousands costs about one
   * comparison per member, not a sort of them all.
   */
  #certain(item: SearchClass, most: number): SearchKey[] {
    const best: Stamped<SearchKey>[] = [];
    this.#eachCertain(item, key => {
      if (best.length === most && compareMembers(key, best[most - 1] as Stamped<SearchKey>) >= 0) return;
      let low = 0;
      let high = best.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compareMembers(best[middle] as Stamped<SearchKey>, key) < 0) low = middle + 1;
        else high = middle;
      }
      best.splice(low, 0, key);
      if (best.length > most) best.pop();
    });
    return best.map(({ classIndex, updatedAt, id }) => ({ classIndex, updatedAt, id }));
  }

  /** How many members #certain would list (counted at every step: no array, no sort). */
  #certainCount(item: SearchClass): number {
    let count = 0;
    this.#eachCertain(item, () => count++);
    return count;
  }

  #eachCertain(item: SearchClass, visit: (key: Stamped<SearchKey>) => void): void {
    const after = this.#after;
    const frontier = this.#frontier(item);
    const complete = this.#complete.has(item.index) || frontier.done;
    if (!complete && frontier.position === undefined) return;
    const position = complete || frontier.position === undefined ? undefined : stamped(frontier.position);
    for (const key of this.#members.get(item.index)?.values() ?? []) {
      if (after !== undefined && compareMembers(key, after) <= 0) continue;
      if (position !== undefined && compareStamped(key, position) > 0) continue;
      visit(key);
    }
  }

  /** The first class that keeps the hits from being certain, or undefined when they are. */
  #blocked(): SearchClass | undefined {
    let count = 0;
    for (const item of this.#classes()) {
      count += this.#certainCount(item);
      if (count >= this.#need) return undefined;
      if (!this.#complete.has(item.index) && !this.#frontier(item).done) return item;
    }
    return undefined;
  }

  #ranked(): SearchKey[] {
    const ranked: SearchKey[] = [];
    for (const item of this.#classes()) {
      ranked.push(...this.#certain(item, this.#need - ranked.length));
      if (ranked.length >= this.#need) break;
    }
    return ranked.slice(0, this.#need);
  }

  #add(rows: readonly ClassifiedRow[]): void {
    for (const row of rows) {
      if (row.tier === null) continue;
      const classIndex = classOf(this.#terms, row.tier, row.nameWords);
      let members = this.#members.get(classIndex);
      if (members === undefined) {
        this.#members.set(classIndex, (members = new Map<number, Stamped<SearchKey>>()));
      }
      const stamp = row.stamp ?? stampOf(row.updatedAt);
      members.set(row.id, { classIndex, updatedAt: row.updatedAt, id: row.id, stamp });
    }
  }

  /**
   * One move towards certainty for the class that blocks it: look it up when an index can hand
   * over all its candidates within the next walk window's cost, else walk further (the first move
   * of all is a short, cheap walk, which alone settles a query whose best class is common).
   */
  async #step(blocked: SearchClass): Promise<void> {
    if (blocked.tier === 2 && (await this.#noTypeHolds())) return;
    if (this.#walk !== undefined && this.#source.lookUps && this.#walk.window >= this.#tuning.lookUpFrom) {
      const room = this.#walk.window;
      // The name and observation tiers' lookups (of the query, one phrase) settle all their
      // classes at once and hand over only matches, vouched for: before the name words' lookup,
      // whose candidates (every entity whose name holds a word) may be thousands, each to be
      // classified in full.
      const tierFirst = blocked.tier === 3 || blocked.tier === 1;
      if (tierFirst && (await this.#lookUpTier(blocked.tier, room))) return;
      if (
        blocked.nameWords > 0 &&
        (await this.#lookUpNameWords(blocked.nameWords, room, blocked.tier === 0))
      ) {
        return;
      }
      if (!tierFirst && (await this.#lookUpTier(blocked.tier, room))) return;
    }
    if (blocked.tier === 2 && (await this.#walkTypes())) return;
    await this.#walkOn(blocked.tier);
  }

  /**
   * Every match of the query holds each of its words somewhere (a substring match holds the whole
   * query, and so its words): when the rarest word is held by few entities, those are all the
   * candidates there are, and ranking them settles every class at once, in a few statements.
   * Tried first where a lookup is cheap (SQLite), with the longest words, which tend to be rarest.
   */
  async #rareWord(): Promise<void> {
    if (!this.#source.lookUps || this.#tuning.lookUpFrom > 0) return;
    // Words with digits first (ids, dates, versions: rarely common), then the longest.
    const digits = (word: string) => (/\p{N}/u.test(word) ? 1 : 0);
    const candidates = [...this.#terms.words]
      .filter(indexable)
      .sort((left, right) => digits(right) - digits(left) || right.length - left.length);
    for (const word of candidates.slice(0, 4)) {
      const ids = await this.#anywhere(word, this.#tuning.checkedCap);
      if (ids === undefined) continue;
      await this.#settle(ids, () => true);
      return;
    }
  }

  /** Walks on through the namespace, classifying tiers down to `depth`. */
  async #walkOn(depth: Tier): Promise<void> {
    if (this.#walk === undefined || depth < this.#walk.depth) {
      // Deeper than walked so far: start again from where that tier was last classified.
      this.#walk = {
        position: this.#frontiers.get(depth)?.position,
        depth,
        window: this.#tuning.firstWindow
      };
    }
    const walk = this.#walk;
    const window = await this.#source.window({
      ...(walk.position === undefined ? {} : { after: walk.position }),
      size: walk.window,
      depth
    });
    this.#add(window.rows);
    this.#walked += window.count;
    for (const row of window.rows) if (row.tier !== null) (this.#walkedTiers[row.tier] as number)++;
    if (window.last !== undefined) walk.position = window.last;
    const reached: Frontier = { position: walk.position, done: window.count < walk.window };
    for (const tier of [3, 2, 1, 0] as const) {
      if (tier >= depth) this.#frontiers.set(tier, further(this.#frontiers.get(tier) as Frontier, reached));
    }
    walk.window *= WINDOW_GROWTH;
  }

  /**
   * The entities whose name or some observation (`where`) contains `text`, from the trigram index,
   * or undefined when there are more than `cap` (remembered, so a term is asked again only with
   * more room).
   */
  async #termSet(where: 'name' | 'observation', text: string, cap: number): Promise<number[] | undefined> {
    const key = `${where}:${text}`;
    const known = this.#sets.get(key);
    if (known?.ids !== undefined) return known.ids;
    if (known !== undefined && known.cap >= cap) return undefined;
    const ids = await this.#source.lookUp({ text, where, cap });
    if (ids === undefined || ids.length > cap) {
      this.#sets.set(key, { cap });
      return undefined;
    }
    const distinct = this.#source.distinctLookUps ? ids : [...new Set(ids)];
    this.#sets.set(key, { cap, ids: distinct });
    return distinct;
  }

  /** Entities holding `text` anywhere (name, type, observation), when there are few enough. */
  async #anywhere(text: string, cap: number): Promise<number[] | undefined> {
    const found: number[] = [];
    for (const where of ['name', 'observation'] as const) {
      const ids = await this.#termSet(where, text, cap);
      if (ids === undefined) return undefined;
      found.push(...ids);
    }
    const types = await this.#typesWith(text);
    if (types === undefined) return undefined;
    for (const type of types) {
      const rows = await this.#source.typeWindow({ type, size: cap + 1 });
      if (rows.length > cap) return undefined;
      found.push(...rows.map(row => row.id));
    }
    return [...new Set(found)];
  }

  /** The distinct types containing `text` (the namespace's types are listed once per search). */
  async #typesWith(text: string): Promise<string[] | undefined> {
    this.#types ??= this.#source.types({ cap: TYPES_LISTED });
    return (await this.#types)?.filter(type => type.includes(text));
  }

  /** Classifies candidates exactly and marks the classes they cover complete. */
  async #settle(ids: readonly number[], covers: (item: SearchClass) => boolean, known?: Tier): Promise<void> {
    this.#add(await this.#source.classify({ ids, ...(known === undefined ? {} : { known }) }));
    for (const item of this.#terms.classes) if (covers(item)) this.#complete.add(item.index);
  }

  /**
   * One step of the walks through the types that contain the query (each in recency order, by the
   * type index): what settles the type tier when it is common. False when there are too many such
   * types, or they are walked to their end.
   */
  async #walkTypes(): Promise<boolean> {
    if (this.#typeStreams === undefined) {
      const types = await this.#typesWith(this.#terms.text);
      if (types === undefined || types.length > TYPES_WALKED) return false;
      this.#typeStreams = new Map(types.map(type => [type, START]));
    }
    if (this.#typeFrontier().done) return false;
    for (const [type, stream] of this.#typeStreams) {
      if (stream.done) continue;
      const rows = await this.#source.typeWindow({
        type,
        ...(stream.position === undefined ? {} : { after: stream.position }),
        size: this.#typeWindow
      });
      this.#add(rows);
      const last = rows.at(-1);
      this.#typeStreams.set(type, {
        position: last === undefined ? stream.position : { updatedAt: last.updatedAt, id: last.id },
        done: rows.length < this.#typeWindow
      });
    }
    this.#typeWindow *= WINDOW_GROWTH;
    return true;
  }

  /**
   * Settles the type tier when no type holds the query (most queries: it is empty then), from the
   * list of types one search reads once.
   */
  async #noTypeHolds(): Promise<boolean> {
    const types = await this.#typesWith(this.#terms.text);
    if (types === undefined || types.length > 0) return false;
    for (const item of this.#terms.classes) if (item.tier === 2) this.#complete.add(item.index);
    return true;
  }

  /**
   * Whether the entities walked so far say that a tier's matches are well over `cap`: looking
   * them up would read and test that many only to give up (a phrase of common words, such as
   * "works on", costs a millisecond so). Only a cost is at stake: a wrong guess walks instead.
   */
  #tooCommon(tier: Tier, cap: number): boolean {
    const size = this.#source.size;
    if (size === undefined || this.#walk === undefined || this.#walk.depth > tier) return false;
    if (this.#walked < MIN_SAMPLE) return false;
    return ((this.#walkedTiers[tier] as number) / this.#walked) * size > cap * 2;
  }

  /** Looks up every candidate of a tier, when the index can hand them over within `room`. */
  async #lookUpTier(tier: Tier, room: number): Promise<boolean> {
    const { text, words } = this.#terms;
    if (tier === 2) return false;
    if (tier > 0) {
      const where = tier === 3 ? 'name' : 'observation';
      if (!indexable(text)) {
        // Too short for the index: once the walk would read this much, one pass over the names or
        // observations that keeps only the matches costs less than walking on.
        const key = `scan:${where}`;
        if (room < this.#tuning.scanRoom || this.#sets.has(key)) return false;
        const ids = await this.#source.scan({ text, where });
        this.#sets.set(key, { cap: Infinity, ids });
        await this.#settle(ids, item => item.tier === tier, tier);
        return true;
      }
      // These candidates need no observation check (the index found the text already): cheap, and
      // a name's (one short document per entity) cheapest of all, so names may hand over more.
      const cap = Math.max(tier === 3 ? this.#tuning.indexedCap * 5 : this.#tuning.indexedCap, room);
      if (this.#tooCommon(tier, cap)) return false;
      const ids = await this.#termSet(where, text, cap);
      if (ids === undefined) return false;
      await this.#settle(ids, item => item.tier === tier, tier);
      return true;
    }
    // The word tier: a match holds every word somewhere, so it is in the intersection of the words'
    // sets; a word too common to fetch is left out (the rest still cover every match).
    const cap = Math.max(this.#tuning.checkedCap, room);
    let candidates: Set<number> | undefined;
    for (const word of words.filter(indexable)) {
      const ids = await this.#anywhere(word, cap);
      if (ids === undefined) continue;
      const previous = candidates;
      candidates = new Set(previous === undefined ? ids : ids.filter(id => previous.has(id)));
    }
    if (candidates === undefined || candidates.size > cap) return false;
    await this.#settle([...candidates], item => item.tier === 0);
    return true;
  }

  /**
   * Looks up every entity whose name holds at least `nameWords` of the query's words, when names
   * holding them are rare. One holding them all is in the intersection of the words' name sets;
   * one holding fewer, by pigeonhole, holds one of any (words − nameWords + 1) of them, so the
   * union of that many of the rarest words' name sets covers it. Completes the classes of at least
   * that many name words, in every tier.
   */
  /** The candidates #lookUpNameWords settles (before the word filter), computed once per search. */
  #nameWordCandidates(nameWords: number, cap: number): Promise<number[] | undefined> {
    const key = `${nameWords}:${cap}`;
    let candidates = this.#candidates.get(key);
    if (candidates === undefined) {
      candidates = this.#computeNameWordCandidates(nameWords, cap);
      this.#candidates.set(key, candidates);
    }
    return candidates;
  }

  async #computeNameWordCandidates(nameWords: number, cap: number): Promise<number[] | undefined> {
    const sets: number[][] = [];
    for (const word of this.#terms.words.filter(indexable)) {
      const ids = await this.#termSet('name', word, cap);
      if (ids !== undefined) sets.push(ids);
    }
    if (sets.length === 0) return undefined;
    if (nameWords === this.#terms.words.length) return intersection(sets);
    const needed = this.#terms.words.length - nameWords + 1;
    if (sets.length < needed) return undefined;
    sets.sort((left, right) => left.length - right.length);
    return union(sets.slice(0, needed));
  }

  async #lookUpNameWords(nameWords: number, room: number, wordTier: boolean): Promise<boolean> {
    const cap = Math.max(this.#tuning.checkedCap, room);
    const filter = wordTier && this.#terms.wordsTier && this.#source.wordStarts !== undefined;
    // Too many last time, and no more room now: the same sets would be too many again.
    const attempt = nameWords * 2 + (filter ? 1 : 0);
    if ((this.#nameWordsFailed.get(attempt) ?? 0) >= cap) return false;
    let candidates = await this.#nameWordCandidates(nameWords, cap);
    if (candidates === undefined) return false;
    // For the word tier, where the source knows word starts (in memory): only the candidates that
    // start every word somewhere, which then cover that tier's classes only.
    const filtered =
      filter && candidates.length <= cap * WORD_FILTER_ROOM
        ? await this.#source.wordStarts?.(candidates, { needed: candidates.length > cap })
        : undefined;
    if (filtered !== undefined) candidates = filtered;
    if (candidates.length > cap) {
      this.#nameWordsFailed.set(attempt, cap);
      return false;
    }
    // Filtered, every candidate is known to start every word (tier 0 at least).
    await this.#settle(
      candidates,
      item => item.nameWords >= nameWords && (filtered === undefined || item.tier === 0),
      filtered === undefined ? undefined : 0
    );
    return true;
  }
}
