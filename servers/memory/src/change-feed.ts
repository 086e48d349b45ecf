import type pg from 'pg';
import { sql } from 'kysely';

import type { OpenDatabase, StoreLogger } from './store/database.js';
import { CHANGE_CHANNEL } from './store/write-transaction.js';
import type { CommittedChange } from './store/write-transaction.js';

/** How often a SQLite store is asked whether another process committed (one cheap pragma). */
const POLL_MS = 250;

/**
 * Hears about changes other processes commit to one namespace, so this process's subscribers are
 * told about them as about its own: SQLite's `PRAGMA data_version` (which moves when another
 * connection commits) is polled, then the namespace's version is read; PostgreSQL pushes a NOTIFY
 * from every committing transaction. A change to another namespace notifies no one. This process's
 * own commits were announced by the tool that made them, so they are not announced twice.
 */
export class ChangeFeed {
  #seen = 0;
  readonly #own = new Set<number>();
  #timer: NodeJS.Timeout | undefined;
  #listener: pg.Client | undefined;
  #dataVersion: number | undefined;
  #stopped = false;
  #reconnect: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: OpenDatabase,
    private readonly options: { namespace: string; onChange: () => void; logger?: StoreLogger }
  ) {}

  async start(): Promise<void> {
    this.#seen = await this.#currentVersion();
    const previous = this.store.onCommit;
    this.store.onCommit = changes => {
      previous(changes);
      this.#ownCommits(changes);
    };
    if (this.store.engine === 'sqlite') {
      this.#timer = setInterval(() => void this.#poll(), POLL_MS);
      this.#timer.unref();
    } else {
      await this.#listen();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#reconnect !== undefined) clearTimeout(this.#reconnect);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  #ownCommits(changes: readonly CommittedChange[]): void {
    for (const change of changes)
      if (change.namespace === this.options.namespace) this.#own.add(change.version);
  }

  /** A version of the namespace was seen: announce it unless every change up to it was this process's. */
  #saw(version: number): void {
    if (version <= this.#seen) return;
    let foreign = false;
    for (let next = this.#seen + 1; next <= version; next++) {
      if (!this.#own.delete(next)) foreign = true;
    }
    this.#seen = version;
    if (foreign) this.options.onChange();
  }

  async #currentVersion(): Promise<number> {
    const row = await this.store.db
      .selectFrom('namespaces')
      .select('version')
      .where('namespace', '=', this.options.namespace)
      .executeTakeFirst();
    return row === undefined ? 0 : Number(row.version);
  }

  async #poll(): Promise<void> {
    if (this.store.closed) {
      await this.stop();
      return;
    }
    try {
      const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(this.store.db);
      const dataVersion = Number(rows[0]?.data_version);
      if (dataVersion === this.#dataVersion) return;
      this.#dataVersion = dataVersion;
      this.#saw(await this.#currentVersion());
    } catch (error) {
      if (!this.#stopped && !this.store.closed) {
        this.options.logger?.warn({ err: error }, 'checking for changes by other processes failed');
      }
    }
  }

  async #listen(): Promise<void> {
    const connect = this.store.connectListener;
    if (connect === undefined || this.#stopped || this.store.closed) return;
    try {
      const client = await connect();
      client.on('notification', message => {
        if (message.channel !== CHANGE_CHANNEL || message.payload === undefined) return;
        const change = JSON.parse(message.payload) as CommittedChange;
        if (change.namespace === this.options.namespace) this.#saw(change.version);
      });
      client.on('end', () => this.#retry());
      await client.query(`listen ${CHANGE_CHANNEL}`);
      this.#listener = client;
      // What committed while no one listened.
      this.#saw(await this.#currentVersion());
    } catch (error) {
      if (this.#stopped || this.store.closed) return;
      this.options.logger?.warn({ err: error }, 'listening for changes by other processes failed; retrying');
      this.#retry();
    }
  }

  #retry(): void {
    if (this.#stopped || this.store.closed || this.#reconnect !== undefined) return;
    this.#listener = undefined;
    this.#reconnect = setTimeout(() => {
      this.#reconnect = undefined;
      void this.#listen();
    }, 1000);
    this.#reconnect.unref();
  }
}
