import type { QueryTerms, Tier } from '../query-terms.js';
import type { ClassifiedRow, RecencyKey } from '../search-sql.js';
import type { SearchSource, WindowRows } from '../search-source.js';
import { startsWord } from '../word-start.js';
import type { NamespaceIndex } from './namespace-index.js';
import type { IndexedEntity } from './text-chunk.js';

/**
 * Ranked search's reads, answered from a namespace's index in memory: the same classification as
 * SearchSql's (the search-ranking suite holds both to one reference), at a small fraction of the
 * cost of a statement, and without a round trip on PostgreSQL.
 */
export class MemorySearch implements SearchSource {
  readonly lookUps = true;
  readonly distinctLookUps = true;

  constructor(
    private readonly index: NamespaceIndex,
    private readonly terms: QueryTerms
  ) {}

  get size(): number {
    return this.index.count;
  }

  window(options: { after?: RecencyKey; size: number; depth: Tier }): Promise<WindowRows> {
    const recency = this.index.recency;
    const start = this.index.positionAfter(options.after);
    const end = Math.min(recency.length, start + options.size);
    const rows: ClassifiedRow[] = [];
    for (let at = start; at < end; at++) {
      const row = this.#classified(recency[at] as IndexedEntity, options.depth);
      if (row.tier !== null) rows.push(row);
    }
    const last = end > start ? (recency[end - 1] as IndexedEntity) : undefined;
    return Promise.resolve({
      rows,
      last: last === undefined ? undefined : { updatedAt: last.updatedAt, id: last.id },
      count: end - start
    });
  }

  classify(options: { ids: readonly number[]; known?: Tier }): Promise<ClassifiedRow[]> {
    const rows: ClassifiedRow[] = [];
    for (const id of options.ids) {
      const entity = this.index.get(id);
      if (entity === undefined) continue;
      rows.push(
        options.known === undefined ? this.#classified(entity, 0) : this.#vouched(entity, options.known)
      );
    }
    return Promise.resolve(rows);
  }

  lookUp(options: {
    text: string;
    where: 'name' | 'observation';
    cap: number;
  }): Promise<number[] | undefined> {
    return Promise.resolve(this.index.lookUp(options.where, options.text, options.cap));
  }

  scan(options: { text: string; where: 'name' | 'observation' }): Promise<number[]> {
    return Promise.resolve(this.index.collect(options.where, options.text, Infinity));
  }

  wordStarts(ids: readonly number[], options: { needed: boolean }): Promise<number[] | undefined> {
    const { words } = this.terms;
    // A word that starts a word of some type makes every entity of that type pass: not this way.
    const types = this.index.types();
    if (words.some(word => types.some(type => startsWord(type, word)))) return Promise.resolve(undefined);
    return Promise.resolve(this.index.startingEvery(words, ids, options));
  }

  types(options: { cap: number }): Promise<string[] | undefined> {
    const types = this.index.types();
    return Promise.resolve(types.length > options.cap ? undefined : types);
  }

  typeWindow(options: { type: string; after?: RecencyKey; size: number }): Promise<ClassifiedRow[]> {
    const recency = this.index.recency;
    const rows: ClassifiedRow[] = [];
    for (let at = this.index.positionAfter(options.after); at < recency.length; at++) {
      const entity = recency[at] as IndexedEntity;
      if (entity.type !== options.type) continue;
      rows.push(this.#vouched(entity, 2));
      if (rows.length >= options.size) break;
    }
    return Promise.resolve(rows);
  }

  /** The entity's tier down to `depth` (null: no match there), as SearchSql's columns and tierOf decide it. */
  #classified(entity: IndexedEntity, depth: Tier): ClassifiedRow {
    const { text, words, wordsTier } = this.terms;
    let tier: Tier | null = null;
    if (entity.name.includes(text)) tier = 3;
    else if (depth <= 2 && entity.type.includes(text)) tier = 2;
    else if (depth <= 1 && entity.observationText.includes(text)) tier = 1;
    else if (depth === 0 && wordsTier && this.#startsEvery(entity, words)) tier = 0;
    return this.#row(entity, tier);
  }

  /**
   * An entity an index found for tier `known` (3: its name; otherwise at least that tier; 0: the
   * word-start test passed, so the observations are still to be checked for the query).
   */
  #vouched(entity: IndexedEntity, known: Tier): ClassifiedRow {
    const { text } = this.terms;
    const tier: Tier =
      known === 3 || entity.name.includes(text)
        ? 3
        : entity.type.includes(text)
          ? 2
          : known === 0 && entity.observationText.includes(text)
            ? 1
            : known;
    return this.#row(entity, tier);
  }

  #row(entity: IndexedEntity, tier: Tier | null): ClassifiedRow {
    const { id, updatedAt, stamp } = entity;
    return { id, updatedAt, stamp, tier, nameWords: this.#nameWords(entity) };
  }

  #nameWords(entity: IndexedEntity): number {
    let count = 0;
    for (const word of this.terms.words) if (entity.name.includes(word)) count++;
    return count;
  }

  /** Whether each word starts a word of the entity's name, type or observations (loops: no closures per entity). */
  #startsEvery(entity: IndexedEntity, words: readonly string[]): boolean {
    for (const word of words) {
      if (
        !startsWord(entity.name, word) &&
        !startsWord(entity.type, word) &&
        !startsWord(entity.observationText, word)
      ) {
        return false;
      }
    }
    return true;
  }
}
