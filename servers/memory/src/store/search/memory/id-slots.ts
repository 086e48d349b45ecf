/** Ids per block of the table: small, so that ids spread over many namespaces cost little room. */
const BLOCK = 256;

/**
 * Which slot each entity id is in: per block of ids, one small typed array. A search turns
 * thousands of ids into slots; through a Map of a hundred thousand entries each cost a few cache
 * misses (a millisecond for two thousand ids), through these, one small map's and one array's.
 */
export class IdSlots {
  /** Per block, each id's slot + 1 (0: none). */
  readonly #blocks = new Map<number, Int32Array>();

  get(id: number): number | undefined {
    const slot = this.#blocks.get(Math.floor(id / BLOCK))?.[id % BLOCK] ?? 0;
    return slot === 0 ? undefined : slot - 1;
  }

  set(id: number, slot: number): void {
    const key = Math.floor(id / BLOCK);
    let block = this.#blocks.get(key);
    if (block === undefined) this.#blocks.set(key, (block = new Int32Array(BLOCK)));
    block[id % BLOCK] = slot + 1;
  }

  delete(id: number): void {
    const block = this.#blocks.get(Math.floor(id / BLOCK));
    if (block !== undefined) block[id % BLOCK] = 0;
  }
}
