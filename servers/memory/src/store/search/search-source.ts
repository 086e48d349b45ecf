import type { Tier } from './query-terms.js';
import type { ClassifiedRow, RecencyKey } from './search-sql.js';

/** The rows of a walk window: its matches, where it ended and how many entities it held. */
export interface WindowRows {
  rows: ClassifiedRow[];
  last: RecencyKey | undefined;
  count: number;
}

/**
 * What ranked search reads, for one query in one namespace: the database (SearchSql) or the
 * namespace's index in memory (MemorySearch). Both classify alike; they differ in what each
 * operation costs, which their tunings say.
 */
export interface SearchSource {
  /** Whether lookUp can answer from an index (else only walks and scans find matches). */
  readonly lookUps: boolean;
  /** Whether lookUp names each entity once (else once per matching observation). */
  readonly distinctLookUps: boolean;
  /** How many entities the namespace holds, where that is known without a statement (in memory). */
  readonly size?: number;
  /** The next `size` entities in recency order after `after`: those that match, classified down to `depth`. */
  window(options: { after?: RecencyKey; size: number; depth: Tier }): Promise<WindowRows>;
  /**
   * The namespace's entities among `ids`, classified fully (`known`: a tier an index vouched for,
   * that each is at least in).
   */
  classify(options: { ids: readonly number[]; known?: Tier }): Promise<ClassifiedRow[]>;
  /**
   * Entities whose name or some observation contains `text`: at most `cap + 1` (more: it is
   * common), or undefined when the source knows, or judges from a sample, that there are more
   * than `cap`.
   */
  lookUp(options: {
    text: string;
    where: 'name' | 'observation';
    cap: number;
  }): Promise<number[] | undefined>;
  /** Every entity whose name or some observation contains `text`, for a text too short to look up. */
  scan(options: { text: string; where: 'name' | 'observation' }): Promise<number[]>;
  /**
   * Those of `ids` where every query word starts a word of the entity's name, type or
   * observations (exactly), where a word index knows it cheaply; undefined where not, or (not
   * `needed`: the caller can classify the ids as they are) where it would cost more than that.
   */
  wordStarts?(ids: readonly number[], options: { needed: boolean }): Promise<number[] | undefined>;
  /** The distinct folded types, or undefined past `cap`. */
  types(options: { cap: number }): Promise<string[] | undefined>;
  /** The next `size` entities of one type in recency order after `after`, classified for the type tier. */
  typeWindow(options: { type: string; after?: RecencyKey; size: number }): Promise<ClassifiedRow[]>;
}
