/**
 * A stamp per slot, for intersecting sets of slots without a Set per step: each step moves the
 * slots it keeps on to the next stamp, and a fresh run of stamps makes every earlier mark stale
 * without clearing the array. The token indexes and the word-start test share the technique.
 */
export class SlotMarks {
  #marks = new Uint32Array(0);
  #last = 0;

  /** The stamps, one per slot (valid after `take`, until the next `take` grows them). */
  get marks(): Uint32Array {
    return this.#marks;
  }

  /** Reserves `count` fresh stamps for slots below `slots`; returns the first (the run is first … first + count − 1). */
  take(count: number, slots: number): number {
    if (this.#marks.length < slots) {
      const grown = new Uint32Array(Math.max(slots, this.#marks.length * 2));
      grown.set(this.#marks);
      this.#marks = grown;
    }
    if (this.#last + count >= 0xffff_ffff) {
      this.#marks.fill(0);
      this.#last = 0;
    }
    const first = this.#last + 1;
    this.#last += count;
    return first;
  }
}
