import type { RecencyKey } from '../search-sql.js';
import { compareRecency, compareStamped } from '../recency-stamp.js';
import type { IndexedEntity } from './text-chunk.js';
import { TextChunk } from './text-chunk.js';
import { EntityWords } from './entity-words.js';
import { MANY } from './token-index.js';

/** Entities per chunk, by id: a change rebuilds its chunk's joined strings (about 0.1 ms), not all. */
const CHUNK_BITS = 10;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** Entities sorted at once while a load finishes (see finishLoading). */
const SORT_RUN = 4096;

/** Two lists in recency order, merged into one. */
function mergeByRecency(left: readonly IndexedEntity[], right: readonly IndexedEntity[]): IndexedEntity[] {
  const merged: IndexedEntity[] = [];
  let l = 0;
  let r = 0;
  while (l < left.length && r < right.length) {
    merged.push(
      compareStamped(left[l] as IndexedEntity, right[r] as IndexedEntity) <= 0
        ? (left[l++] as IndexedEntity)
        : (right[r++] as IndexedEntity)
    );
  }
  while (l < left.length) merged.push(left[l++] as IndexedEntity);
  while (r < right.length) merged.push(right[r++] as IndexedEntity);
  return merged;
}

/** Past this many changes at once, recency order is sorted again rather than edited in place. */
const RESORT_PAST = 256;
/** Candidates worth testing one by one, as a share of the entities; past it, one pass over the joined texts. */
const TESTED_SHARE = 0.25;

/**
 * A namespace's entities in memory, as of one version of the store: by id, in recency order, by
 * type, and in chunks whose joined texts answer substring lookups. What search reads instead of
 * the database once it is loaded (see index-registry.ts).
 */
export class NamespaceIndex {
  readonly #entities = new Map<number, IndexedEntity>();
  /**
   * The same entities by id, in arrays of one chunk's ids: what `get` reads, thousands of times a
   * search. A map of 100k entries costs a few cache misses per lookup; this, one small map and an
   * array.
   */
  readonly #byChunk = new Map<number, (IndexedEntity | undefined)[]>();
  #recency: IndexedEntity[] = [];
  readonly #chunks = new Map<number, TextChunk>();
  readonly #types = new Map<string, number>();
  readonly #words = new EntityWords();
  /** Characters held. */
  size = 0;

  constructor(
    /** The store version of the namespace this index reflects. */
    public version: number
  ) {}

  get count(): number {
    return this.#entities.size;
  }

  get(id: number): IndexedEntity | undefined {
    return this.#byChunk.get(id >> CHUNK_BITS)?.[id & CHUNK_MASK];
  }

  /** The namespace's entities, most recently changed first. */
  get recency(): readonly IndexedEntity[] {
    return this.#recency;
  }

  /** Where the first entity after `after` is in recency order. */
  positionAfter(after: RecencyKey | undefined): number {
    if (after === undefined) return 0;
    let low = 0;
    let high = this.#recency.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareRecency(this.#recency[middle] as IndexedEntity, after) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** See EntityWords.startingEvery. */
  startingEvery(
    words: readonly string[],
    ids: readonly number[],
    options: { needed: boolean }
  ): number[] | undefined {
    return this.#words.startingEvery(words, ids, options);
  }

  /** The distinct types. */
  types(): string[] {
    return [...this.#types.keys()];
  }

  /**
   * Entities whose name or some observation contains `text`, each once, at most `limit`: those
   * the token index narrows it to, tested one by one, or when it cannot narrow them enough (a
   * short or common text), one pass over every chunk's joined texts.
   */
  collect(where: 'name' | 'observation', text: string, limit: number): number[] {
    const narrowed = this.#words.find(where, text, { most: this.count * TESTED_SHARE, limit });
    return narrowed === undefined || narrowed === MANY ? this.#scan(where, text, limit) : narrowed;
  }

  /**
   * Entities whose name or some observation contains `text`, each once, when there are at most
   * `cap`; undefined when there are more, or when the share found among the first candidates
   * tested predicts many more (see TokenIndex.find).
   */
  lookUp(where: 'name' | 'observation', text: string, cap: number): number[] | undefined {
    const limit = cap + 1;
    const narrowed = this.#words.find(where, text, {
      most: this.count * TESTED_SHARE,
      limit,
      estimate: true
    });
    if (narrowed === MANY) return undefined;
    const found = narrowed ?? this.#scan(where, text, limit);
    return found.length > cap ? undefined : found;
  }

  /** One pass over every chunk's joined texts (see collect). */
  #scan(where: 'name' | 'observation', text: string, limit: number): number[] {
    const found: number[] = [];
    for (const chunk of this.#chunks.values()) {
      chunk.collect({ where, text, limit }, found);
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Adds entities read by a load, which later finishLoading puts in recency order (entities a
   * load meets twice, having changed in between, are caught up with afterwards: the first stays).
   */
  load(entities: readonly IndexedEntity[]): void {
    for (const entity of entities) if (!this.#entities.has(entity.id)) this.#add(entity, false);
  }

  /**
   * Sorts what load added into recency order: in runs of a few thousand, between which other
   * calls run, then merged (one sort of 100k entities' stamps would hold them up for 100 ms).
   */
  async finishLoading(): Promise<void> {
    const entities = [...this.#entities.values()];
    const runs: IndexedEntity[][] = [];
    for (let start = 0; start < entities.length; start += SORT_RUN) {
      runs.push(entities.slice(start, start + SORT_RUN).sort(compareStamped));
      await new Promise(resolve => setImmediate(resolve));
    }
    while (runs.length > 1) {
      const merged: IndexedEntity[][] = [];
      for (let at = 0; at < runs.length; at += 2) {
        merged.push(mergeByRecency(runs[at] as IndexedEntity[], runs[at + 1] ?? []));
        await new Promise(resolve => setImmediate(resolve));
      }
      runs.splice(0, runs.length, ...merged);
    }
    this.#recency = runs[0] ?? [];
  }

  /**
   * Replaces the entities `changed` names with their new state (`current`: absent when deleted)
   * and takes `version` as the index's. Entities loaded for the first time come the same way.
   */
  apply(changed: readonly number[], current: readonly IndexedEntity[], version: number): void {
    const resort = changed.length + current.length > RESORT_PAST;
    for (const id of changed) this.#remove(id, !resort);
    for (const entity of current) this.#add(entity, !resort);
    if (resort) this.#recency = [...this.#entities.values()].sort(compareStamped);
    this.version = version;
  }

  #remove(id: number, inPlace: boolean): void {
    const entity = this.#entities.get(id);
    if (entity === undefined) return;
    this.#entities.delete(id);
    const slots = this.#byChunk.get(id >> CHUNK_BITS);
    if (slots !== undefined) slots[id & CHUNK_MASK] = undefined;
    this.#words.remove(id);
    const chunk = this.#chunks.get(id >> CHUNK_BITS);
    chunk?.delete(id);
    if (chunk?.size === 0) {
      this.#chunks.delete(id >> CHUNK_BITS);
      this.#byChunk.delete(id >> CHUNK_BITS);
    }
    const left = (this.#types.get(entity.type) ?? 1) - 1;
    if (left === 0) this.#types.delete(entity.type);
    else this.#types.set(entity.type, left);
    this.size -= entity.size;
    if (inPlace) {
      const at = this.positionAfter(entity) - 1;
      if (this.#recency[at] === entity) this.#recency.splice(at, 1);
    }
  }

  #add(entity: IndexedEntity, inPlace: boolean): void {
    this.#remove(entity.id, inPlace);
    this.#entities.set(entity.id, entity);
    let slots = this.#byChunk.get(entity.id >> CHUNK_BITS);
    if (slots === undefined) {
      slots = new Array<IndexedEntity | undefined>(1 << CHUNK_BITS).fill(undefined);
      this.#byChunk.set(entity.id >> CHUNK_BITS, slots);
    }
    slots[entity.id & CHUNK_MASK] = entity;
    this.#words.add(entity);
    let chunk = this.#chunks.get(entity.id >> CHUNK_BITS);
    if (chunk === undefined) this.#chunks.set(entity.id >> CHUNK_BITS, (chunk = new TextChunk()));
    chunk.set(entity);
    this.#types.set(entity.type, (this.#types.get(entity.type) ?? 0) + 1);
    this.size += entity.size;
    if (inPlace) this.#recency.splice(this.positionAfter(entity), 0, entity);
  }
}
