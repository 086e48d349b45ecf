import { SlotMarks } from './slot-marks.js';
import { textAt } from './text-at.js';

/**
 * A word's place in the texts that contain a query: how a run of word characters in the query
 * sits in the word of a text holding the query. Bounded on both sides by other characters of the
 * query, it is that word (`exact`); bounded on its left only, the word starts with it (`prefix`);
 * on its right only, ends with it (`suffix`); on neither, holds it (`infix`).
 */
export interface WordRun {
  word: string;
  kind: 'exact' | 'prefix' | 'suffix' | 'infix';
}

/** A word: a run of letters, digits and underscores (the word of the word tier, see startsWord). */
const WORD = /[\p{L}\p{N}_]+/gu;
/** Between words in a vocabulary chunk's string: NUL, which no stored text holds. */
const SEPARATOR = '\u0000';
/** Words per vocabulary chunk: a new word rebuilds its chunk's string only. */
const CHUNK_WORDS = 4096;
/** Words a short run alone may be held by before find gives up on it (see find). */
const SHORT_RUN_WORDS = 1024;
/** Candidates tested before their share of matches may predict that there are too many (see find). */
const SAMPLE = 1024;

/** What find answers when it judges that the matches would exceed its limit. */
export const MANY = 'many';

/** The distinct words of some texts. */
export function wordsOf(texts: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) for (const [word] of text.matchAll(WORD)) words.add(word);
  return words;
}

/** The word runs of a query text, each with how it must sit in a word of a text holding the query. */
export function wordRuns(text: string): WordRun[] {
  const runs: WordRun[] = [];
  for (const match of text.matchAll(WORD)) {
    const left = match.index > 0;
    const right = match.index + match[0].length < text.length;
    const kind = left && right ? 'exact' : left ? 'prefix' : right ? 'suffix' : 'infix';
    runs.push({ word: match[0], kind });
  }
  return runs;
}

/**
 * Whether a run narrows the candidates enough to look its words up: a short one that a word need
 * only contain (or end with) is held by most words.
 */
const selective = (run: WordRun): boolean =>
  run.kind === 'exact' || run.word.length >= (run.kind === 'prefix' ? 2 : 3);

/** The slots of the texts holding one word, in the order they came (with stale ones, see TokenIndex). */
class Postings {
  constructor(
    public slots: Int32Array,
    public length: number
  ) {}

  push(slot: number): void {
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[this.length++] = slot;
  }
}

/** A word read backwards, code unit by code unit: a word ends with a run when it read so starts with it read so. */
function backwards(word: string): string {
  let reversed = '';
  for (let at = word.length - 1; at >= 0; at--) reversed += word[at] as string;
  return reversed;
}

/** Where `word` goes in `sorted` (ascending, by code unit): the first entry not before it. */
function lowerBound(sorted: readonly string[], word: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as string) < word) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Words in the order first seen, with a string of them all to find those holding a run; once the
 * chunk is full (it never changes again), sorted forwards and backwards too, so that the words
 * starting or ending with a run are found by a binary search instead of a pass over the string
 * (a multi-word query's first and last runs, and every word-start test, are of those kinds).
 */
class VocabularyChunk {
  readonly words: string[] = [];
  #joined: { text: string; starts: Int32Array } | undefined;
  #sorted: { forwards: string[]; backwards: string[] } | undefined;

  add(word: string): void {
    this.words.push(word);
    this.#joined = undefined;
    if (this.words.length === CHUNK_WORDS) {
      this.#sorted = { forwards: [...this.words].sort(), backwards: this.words.map(backwards).sort() };
    }
  }

  /**
   * Adds to `into` the words that hold `run` as its kind says (not `exact`: that is a map lookup),
   * until it holds `most`.
   */
  matching(run: WordRun, into: string[], most: number): void {
    if (this.#sorted !== undefined && run.kind !== 'infix') {
      const suffix = run.kind === 'suffix';
      const sorted = suffix ? this.#sorted.backwards : this.#sorted.forwards;
      const key = suffix ? backwards(run.word) : run.word;
      for (let at = lowerBound(sorted, key); at < sorted.length && into.length < most; at++) {
        const word = sorted[at] as string;
        if (!word.startsWith(key)) break;
        into.push(suffix ? backwards(word) : word);
      }
      return;
    }
    const { text, starts } = this.#build();
    // A prefix is found as the word itself, then checked to start a word: a needle starting with
    // the separator, which is every few characters, makes indexOf about 50 times slower.
    const needle = run.kind === 'suffix' ? run.word + SEPARATOR : run.word;
    for (let at = text.indexOf(needle); at >= 0 && into.length < most;) {
      const index = textAt(starts, at);
      if (run.kind === 'prefix' && starts[index] !== at) {
        at = text.indexOf(needle, at + 1);
        continue;
      }
      into.push(this.words[index] as string);
      at = text.indexOf(needle, starts[index + 1] ?? text.length);
    }
  }

  #build(): { text: string; starts: Int32Array } {
    if (this.#joined !== undefined) return this.#joined;
    const starts = new Int32Array(this.words.length);
    let offset = 1;
    this.words.forEach((word, index) => {
      starts[index] = offset;
      offset += word.length + 1;
    });
    this.#joined = { text: SEPARATOR + this.words.join(SEPARATOR) + SEPARATOR, starts };
    return this.#joined;
  }
}

/**
 * Slots to read: a word's postings, or its one slot. Always a Postings of an Int32Array: the loops
 * over them run for tens of thousands of slots a search, and objects of two shapes there made V8
 * drop its optimised code again and again (five times slower).
 */
export interface SlotList {
  slots: Int32Array;
  length: number;
}

const listOf = (postings: number | Postings): SlotList =>
  typeof postings === 'number' ? new Postings(Int32Array.of(postings), 1) : postings;

// The loops over postings run for tens of thousands of slots a search. They index their arrays:
// a for-of over arrays made in different ways (a literal, a map, an empty []) made V8 drop its
// optimised code at every call, five times slower.

/** Marks every slot of `lists` with `stamp`. */
export function markSlots(marks: Uint32Array, lists: readonly SlotList[], stamp: number): void {
  for (let index = 0; index < lists.length; index++) {
    const { slots, length } = lists[index] as SlotList;
    for (let at = 0; at < length; at++) marks[slots[at] as number] = stamp;
  }
}

/** Moves the slots of `lists` marked `from` on to `from + 1` (the others keep theirs). */
export function advanceMarks(marks: Uint32Array, lists: readonly SlotList[], from: number): void {
  const to = from + 1;
  for (let index = 0; index < lists.length; index++) {
    const { slots, length } = lists[index] as SlotList;
    for (let at = 0; at < length; at++) {
      const slot = slots[at] as number;
      if (marks[slot] === from) marks[slot] = to;
    }
  }
}

/**
 * Whether `found` matches among the first `read` of `total` candidates predict more than twice
 * `limit` in all (checked every SAMPLE candidates read, from SAMPLE on: a guess from a share, which
 * at worst sends the caller the slower way).
 */
function tooMany(sample: { read: number; found: number; total: number }, limit: number): boolean {
  return (sample.found / sample.read) * sample.total > limit * 2;
}

/**
 * Which texts hold which words, for one kind of text (names, or observations) of a namespace:
 * what narrows a substring lookup to the few entities worth testing. Every text holding a query
 * holds, for each word run of the query, a word related to it as the run's kind says; so the
 * entities holding such words, for every run, include every match. The caller tests each.
 *
 * Texts are known by slot (a small number the namespace index gives each entity). Postings only
 * grow: a changed entity's words are added again under its slot and the old ones go stale; a
 * stale posting only costs a test that fails. When stale postings outnumber live ones, the owner
 * builds the index again.
 */
export class TokenIndex {
  /** Per word, its one slot, or its postings once it has two (most words are held by one text). */
  readonly #postings = new Map<string, number | Postings>();
  readonly #vocabulary: VocabularyChunk[] = [];
  readonly #marks = new SlotMarks();
  /** One more than the highest slot posted. */
  #slots = 0;
  live = 0;
  stale = 0;

  /** Indexes the words of a slot's texts; returns how many distinct words they hold. */
  add(slot: number, texts: readonly string[]): number {
    const words = wordsOf(texts);
    this.#slots = Math.max(this.#slots, slot + 1);
    for (const word of words) {
      const postings = this.#postings.get(word);
      if (postings === undefined) {
        this.#postings.set(word, slot);
        let chunk = this.#vocabulary.at(-1);
        if (chunk === undefined || chunk.words.length >= CHUNK_WORDS) {
          this.#vocabulary.push((chunk = new VocabularyChunk()));
        }
        chunk.add(word);
      } else if (typeof postings === 'number')
        this.#postings.set(word, new Postings(Int32Array.of(postings, slot, 0, 0), 2));
      else postings.push(slot);
    }
    this.live += words.size;
    return words.size;
  }

  /** Notes that a slot's `count` postings are stale (its entity changed or went). */
  forget(count: number): void {
    this.live -= count;
    this.stale += count;
  }

  /**
   * The slots that may hold a text with these runs and pass `holds` (the caller's test of the
   * text itself), each once, until there are `limit`; or undefined when there would be more than
   * `most` to test (one pass over every text costs less then). With `estimate`, MANY instead of
   * `limit` slots, and as soon as the share of matches among the candidates tested so far
   * predicts twice that many: a caller that only wants to know whether there are few stops
   * early (a phrase of common words, such as "works on", is held by most of its candidates).
   */
  find(
    runs: readonly WordRun[],
    options: { most: number; limit: number; holds: (slot: number) => boolean; estimate?: boolean }
  ): number[] | typeof MANY | undefined {
    const { most, limit, holds } = options;
    const estimate = options.estimate === true;
    // A short run alone (a query such as "zq") is looked up too, among at most SHORT_RUN_WORDS
    // words: a rare one is held by a few words, which one pass over the vocabulary finds at a
    // fraction of the cost of a pass over every text; a common one gives up early.
    const alone = runs.length === 1;
    const sets = runs
      .filter(run => alone || selective(run))
      .map(run => this.#postingsOf(run, selective(run) ? most : Math.min(most, SHORT_RUN_WORDS)))
      .filter(lists => lists !== undefined)
      .map(lists => ({ lists, total: lists.reduce((sum, list) => sum + list.length, 0) }))
      .sort((left, right) => left.total - right.total);
    const rarest = sets[0];
    if (rarest === undefined) return undefined;
    if (rarest.total === 0) return [];
    if (rarest.total > most) return undefined;
    // Intersect the rarest with the next ones, while they are not much more common (each costs a
    // pass over its postings; the tests weed out the rest).
    const others = sets.slice(1).filter(set => set.total <= rarest.total * 8);
    const only = rarest.lists[0];
    if (others.length === 0 && rarest.lists.length === 1 && only !== undefined) {
      // One word's postings: each slot once already.
      const found: number[] = [];
      for (let at = 0; at < only.length; at++) {
        const slot = only.slots[at] as number;
        if (holds(slot)) found.push(slot);
        if (found.length >= limit) return estimate ? MANY : found;
        if (estimate && (at + 1) % SAMPLE === 0) {
          if (tooMany({ read: at + 1, found: found.length, total: only.length }, limit)) return MANY;
        }
      }
      return found;
    }
    const first = this.#marks.take(others.length + 2, this.#slots);
    const marks = this.#marks.marks;
    markSlots(marks, rarest.lists, first);
    let kept = first;
    for (const other of others) advanceMarks(marks, other.lists, kept++);
    const found: number[] = [];
    const taken = kept + 1;
    const lists = rarest.lists;
    let read = 0;
    for (let index = 0; index < lists.length; index++) {
      const { slots, length } = lists[index] as SlotList;
      for (let at = 0; at < length; at++) {
        const slot = slots[at] as number;
        read++;
        if (marks[slot] !== kept) continue;
        marks[slot] = taken;
        if (!holds(slot)) continue;
        found.push(slot);
        if (found.length >= limit) return estimate ? MANY : found;
        if (estimate && read % SAMPLE === 0) {
          if (tooMany({ read, found: found.length, total: rarest.total }, limit)) return MANY;
        }
      }
    }
    return found;
  }

  /**
   * The postings of every word starting with `word` (stale slots too, a slot perhaps in several),
   * or undefined when they hold more than `most` slots in all.
   */
  startingLists(word: string, most: number): SlotList[] | undefined {
    const lists = this.#postingsOf({ word, kind: 'prefix' }, most);
    if (lists === undefined || lists.reduce((sum, list) => sum + list.length, 0) > most) return undefined;
    return lists;
  }

  /** The postings of every word the run can sit in, or undefined past `most` words. */
  #postingsOf(run: WordRun, most: number): SlotList[] | undefined {
    if (run.kind === 'exact') {
      const postings = this.#postings.get(run.word);
      return postings === undefined ? [] : [listOf(postings)];
    }
    const words: string[] = [];
    for (const chunk of this.#vocabulary) {
      chunk.matching(run, words, most + 1);
      if (words.length > most) return undefined;
    }
    return words.map(word => listOf(this.#postings.get(word) as number | Postings));
  }
}
