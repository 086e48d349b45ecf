import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of synchronous work between two turns of the event loop, in milliseconds. */
export const SLICE_MS = 10;

/**
 * Lets other requests run during a long loop. A loop over entries already in memory (a sorted
 * directory, the buffer of a streamed one) awaits only microtasks, which never let the event loop
 * turn: checking 10,000 entries against .gitignore rules would hold every other request until it
 * ends. `due()` returns a promise for the next turn once {@link SLICE_MS} have passed since the
 * last one, and undefined (nothing to await) before.
 */
export function createPacer(): { due(): Promise<void> | undefined } {
  let since = performance.now();
  return {
    due() {
      // Read at every call (about 50 ns): one path checked against hostile rules can take long.
      const now = performance.now();
      if (now - since < SLICE_MS) return undefined;
      return nextTurn().then(() => {
        since = performance.now();
      });
    }
  };
}
