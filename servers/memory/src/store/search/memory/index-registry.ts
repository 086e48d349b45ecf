import type { OpenDatabase } from '../../database.js';
import { changesKeptFrom } from '../../write-transaction.js';
import { changedSince, entitiesAfter, entitiesById, namespaceVersion } from './index-loader.js';
import { NamespaceIndex } from './namespace-index.js';
import type { IndexedEntity } from './text-chunk.js';

/**
 * Bytes of heap an index takes per character of text it holds: each text as is and joined, the
 * entity records, the word postings. Measured: 61 MB for the benchmark's 100k entities (10.2M
 * characters of names, types and observations).
 */
export const INDEX_BYTES_PER_CHAR = 6;
/** Characters of text all of a process's indexes may hold: about 256 MB of heap. */
export const DEFAULT_INDEX_CHARS = Math.floor(256_000_000 / INDEX_BYTES_PER_CHAR);
/**
 * Entities read and indexed per step while loading, between which other calls run: about 5 ms
 * of work each (the server's other calls wait no longer than that for a load).
 */
const LOAD_BATCH = 500;
/** Past this many changed entities, an index is read again (in the background) rather than caught up. */
const CATCH_UP_MAX = 20_000;

/** Where a namespace's search reads: see IndexRegistry.state. */
export type SearchIndexState = 'memory' | 'loading' | 'database';

/** How the store reports what an operator should know. */
interface RegistryLogger {
  info?(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * The search indexes of one open store, one per namespace searched, each in memory and caught up
 * with the store before every search: a search reads the namespace's version (one statement) and,
 * when other writes came in between, the entities they changed (see entity_changes), so its
 * results are those of the committed graph, written by this process or any other.
 *
 * An index is loaded in the background, in batches between which other calls run; until it is
 * ready, and for a namespace too large for the memory budget, search reads the database instead
 * (the same results, more slowly).
 */
export class IndexRegistry {
  /** Most recently used last. */
  readonly #indexes = new Map<string, NamespaceIndex>();
  readonly #loading = new Map<string, Promise<void>>();
  readonly #tooLarge = new Set<string>();
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: OpenDatabase,
    private readonly options: { maxChars: number; loadBatch?: number; logger?: RegistryLogger }
  ) {}

  /** Starts loading a namespace's index (the server does for its own at start). */
  preload(namespace: string): void {
    if (this.#usable(namespace) && !this.#indexes.has(namespace)) this.#startLoading(namespace);
  }

  /**
   * The namespace's index, caught up with every change committed before this call, or undefined
   * while it loads or where it cannot be held.
   */
  async current(namespace: string): Promise<NamespaceIndex | undefined> {
    if (!this.#usable(namespace)) return undefined;
    if (!this.#indexes.has(namespace)) {
      this.#startLoading(namespace);
      return undefined;
    }
    const version = await namespaceVersion(this.store, namespace);
    return this.#exclusively(namespace, () => this.#catchUp(namespace, version));
  }

  /**
   * Runs `work` on the namespace's index caught up with every change committed before this call;
   * undefined (work not run) while it loads or where it cannot be held. On PostgreSQL, where
   * reading the version is a round trip, `work` first runs on the index as it stands while the
   * version is read: when nothing changed (the common case), that result stands and the search
   * costs no round trip of its own. When something did, or the index changed under `work`, it runs
   * again on the caught-up index.
   */
  async withCurrent<T>(
    namespace: string,
    work: (index: NamespaceIndex) => Promise<T>
  ): Promise<{ value: T } | undefined> {
    if (!this.#usable(namespace)) return undefined;
    const standing = this.#indexes.get(namespace);
    if (standing === undefined) {
      this.#startLoading(namespace);
      return undefined;
    }
    const reading = namespaceVersion(this.store, namespace);
    if (this.store.engine === 'postgres' && !this.#locks.has(namespace)) {
      const before = standing.version;
      const guess = work(standing).then(
        value => ({ value }),
        (error: unknown) => ({ error })
      );
      const [version, outcome] = await Promise.all([reading, guess]);
      if (version <= before && standing.version === before && this.#indexes.get(namespace) === standing) {
        if ('error' in outcome) throw outcome.error;
        return { value: outcome.value };
      }
    }
    const version = await reading;
    const index = await this.#exclusively(namespace, () => this.#catchUp(namespace, version));
    return index === undefined ? undefined : { value: await work(index) };
  }

  /**
   * PostgreSQL: runs `work` on the namespace's index as it stands, where `work` reads the
   * namespace's version in the same statement as the rest of what it reads (one snapshot). When
   * that version shows the index was current, and the index did not change under `work`, the value
   * stands: a search and its page in one round trip. Undefined otherwise (no index ready, one
   * catching up, or a change came in): then withCurrent's way, which catches up first.
   */
  async guessCurrent<T>(
    namespace: string,
    work: (index: NamespaceIndex) => Promise<{ value: T; version: number }>
  ): Promise<{ value: T } | undefined> {
    const standing = this.#indexes.get(namespace);
    if (standing === undefined || !this.#usable(namespace) || this.#locks.has(namespace)) return undefined;
    const before = standing.version;
    const { value, version } = await work(standing);
    if (version > before || standing.version !== before || this.#indexes.get(namespace) !== standing)
      return undefined;
    // Most recently used, as a catch-up would have marked it.
    this.#indexes.delete(namespace);
    this.#indexes.set(namespace, standing);
    return { value };
  }

  /** Whether an index is ready for the namespace (status reports and tests). */
  ready(namespace: string): boolean {
    return this.#indexes.has(namespace);
  }

  /**
   * Where the namespace's next search reads: `memory` (its index is ready), `loading` (the
   * database, until the index loading now is ready) or `database` (indexing is off, the namespace
   * is larger than the budget, or it has not been searched yet).
   */
  state(namespace: string): SearchIndexState {
    if (this.#indexes.has(namespace)) return 'memory';
    return this.#loading.has(namespace) ? 'loading' : 'database';
  }

  /** Resolves once a load in progress for the namespace has finished. */
  async loaded(namespace: string): Promise<void> {
    await this.#loading.get(namespace);
  }

  #usable(namespace: string): boolean {
    return this.options.maxChars > 0 && !this.#tooLarge.has(namespace) && !this.store.closed;
  }

  async #catchUp(namespace: string, version: number): Promise<NamespaceIndex | undefined> {
    const index = this.#indexes.get(namespace);
    if (index === undefined) return undefined;
    this.#indexes.delete(namespace);
    this.#indexes.set(namespace, index);
    if (index.version >= version) return index;
    const latest = await namespaceVersion(this.store, namespace);
    const changed =
      index.version < changesKeptFrom(latest)
        ? undefined
        : await changedSince(this.store, { namespace, since: index.version, limit: CATCH_UP_MAX + 1 });
    if (changed === undefined || changed.length > CATCH_UP_MAX) {
      // Too far behind to catch up change by change: read it again, meanwhile search the database.
      this.#indexes.delete(namespace);
      this.#startLoading(namespace);
      return undefined;
    }
    index.apply(changed, await entitiesById(this.store, { namespace, ids: changed }), latest);
    if (!this.#withinBudget(namespace, index)) return undefined;
    return index;
  }

  #startLoading(namespace: string): void {
    if (this.#loading.has(namespace)) return;
    const loading = this.#load(namespace)
      .catch((error: unknown) => {
        // A store closed mid-load is no failure; anything else is worth a line, and search goes on
        // reading the database.
        if (!this.store.closed)
          this.options.logger?.warn({ err: error, namespace }, 'search index failed to load');
      })
      .finally(() => this.#loading.delete(namespace));
    this.#loading.set(namespace, loading);
  }

  async #load(namespace: string): Promise<void> {
    const version = await namespaceVersion(this.store, namespace);
    const index = new NamespaceIndex(version);
    const step = this.options.loadBatch ?? LOAD_BATCH;
    let size = 0;
    for (let after = 0; ;) {
      if (this.store.closed) return;
      const batch = await entitiesAfter(this.store, { namespace, after, size: step });
      for (const entity of batch) size += entity.size;
      if (size > this.options.maxChars) {
        this.#refuse(namespace, size);
        return;
      }
      index.load(batch);
      if (batch.length < step) break;
      after = (batch.at(-1) as IndexedEntity).id;
      // Let other calls run between batches (better-sqlite3 reads synchronously).
      await new Promise(resolve => setImmediate(resolve));
    }
    await index.finishLoading();
    // Changes committed during the load have later versions: the next search catches up on them.
    await this.#exclusively(namespace, () => {
      this.#indexes.set(namespace, index);
      this.#withinBudget(namespace, index);
      return Promise.resolve();
    });
  }

  /** Drops the least recently used other indexes while all of them hold more than the budget. */
  #withinBudget(namespace: string, index: NamespaceIndex): boolean {
    if (index.size > this.options.maxChars) {
      this.#indexes.delete(namespace);
      this.#refuse(namespace, index.size);
      return false;
    }
    let total = [...this.#indexes.values()].reduce((sum, each) => sum + each.size, 0);
    for (const [other, held] of this.#indexes) {
      if (total <= this.options.maxChars) break;
      if (other === namespace) continue;
      this.#indexes.delete(other);
      total -= held.size;
    }
    return true;
  }

  #refuse(namespace: string, size: number): void {
    this.#tooLarge.add(namespace);
    this.options.logger?.info?.(
      { namespace, chars: size, maxChars: this.options.maxChars },
      'namespace too large to index in memory: search reads the database'
    );
  }

  /** Runs `work` after every earlier piece of work for the namespace has finished. */
  #exclusively<T>(namespace: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(namespace) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#locks.set(namespace, settled);
    void settled.then(() => {
      if (this.#locks.get(namespace) === settled) this.#locks.delete(namespace);
    });
    return next;
  }
}
