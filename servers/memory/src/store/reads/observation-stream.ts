import type { Kysely } from 'kysely';

import type { MemoryDatabase } from '../schema.js';

/** An observation as a page reads it. */
export interface ObservationRow {
  id: number;
  content: string;
}

/** Text read ahead per chunk: a page holds at most a budget's worth, so more is waste. */
const CHUNK_CHARS = 256 * 1024;

/**
 * One entity's observations in order (by id), from an observation id on, read in chunks that grow
 * while the texts are small: a page reading a few observations of an entity holding thousands
 * never loads them all, and one reading many does not pay a query for each.
 */
export class ObservationStream {
  #buffered: ObservationRow[] = [];
  #next: number;
  #done = false;
  #chunk = 8;

  constructor(
    private readonly db: Kysely<MemoryDatabase>,
    private readonly entityId: number,
    fromId = 0
  ) {
    this.#next = fromId;
  }

  async next(): Promise<ObservationRow | undefined> {
    if (this.#buffered.length === 0 && !this.#done) await this.#fill();
    return this.#buffered.shift();
  }

  async #fill(): Promise<void> {
    const rows = await this.db
      .selectFrom('observations')
      .select(['id', 'content'])
      .where('entity_id', '=', this.entityId)
      .where('id', '>=', this.#next)
      .orderBy('id')
      .limit(this.#chunk)
      .execute();
    if (rows.length < this.#chunk) this.#done = true;
    const chars = rows.reduce((sum, row) => sum + row.content.length, 0);
    const average = rows.length === 0 ? 1 : Math.max(1, chars / rows.length);
    this.#chunk = Math.max(4, Math.min(512, this.#chunk * 4, Math.floor(CHUNK_CHARS / average)));
    this.#buffered = rows.map(row => ({ id: Number(row.id), content: row.content }));
    const last = this.#buffered.at(-1);
    if (last !== undefined) this.#next = last.id + 1;
  }
}
