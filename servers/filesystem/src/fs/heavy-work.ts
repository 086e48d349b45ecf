import { createSlots } from '../search/slots.js';
import type { Slots } from '../search/slots.js';

/** Heavy calls (a directory listing, a walk) that may run at once in this process. */
export const HEAVY_WORK_SLOTS = 4;

/** Heavy calls that may wait for a slot; one more is refused with `BUSY` (retry) at once. */
export const HEAVY_WORK_QUEUE = 64;

/**
 * The process-wide budget for work whose memory grows with a directory: listings hold up to a
 * sorted directory's entries (see SORTED_LISTING_LIMIT) and walks hold a directory's worth per
 * level plus their .gitignore rules, so each call is bounded, but calls in parallel are not. With
 * this budget at most {@link HEAVY_WORK_SLOTS} of them hold memory at once; a waiting call holds
 * none. grep takes one through its walk, after its own search slot (never the other way round).
 */
export const heavyWork: Slots = createSlots(HEAVY_WORK_SLOTS, {
  maxWaiting: HEAVY_WORK_QUEUE,
  work: 'listing or walk'
});

/**
 * Runs `work` holding a heavy-work slot: waits in turn (cancellable through `signal`), or fails at
 * once with `BUSY` when the queue is full. Do not nest: a holder that waits for a second slot can
 * deadlock with the others.
 */
export async function withHeavyWork<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  await heavyWork.acquire(signal);
  try {
    return await work();
  } finally {
    heavyWork.release();
  }
}
