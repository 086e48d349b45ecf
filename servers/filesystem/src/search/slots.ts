import { ToolError } from '@mcpkit/core';

/** A counting semaphore: at most `size` holders; the others wait in order until a slot frees. */
export interface Slots {
  /**
   * Waits for a slot; rejects (and gives up its place) when `signal` aborts first, and at once with
   * a `BUSY` {@link ToolError} when `maxWaiting` calls are already waiting.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  release(): void;
  /** Calls waiting for a slot now. */
  readonly waiting: number;
}

export interface SlotsOptions {
  /** Most calls that may wait; past that a call is refused with `BUSY` (default: no limit). */
  maxWaiting?: number;
  /** What the holders do, for the messages (default `search`). */
  work?: string;
}

/** A {@link Slots} of `size` holders (see SlotsOptions for a bounded queue). */
export function createSlots(size: number, options: SlotsOptions = {}): Slots {
  const { maxWaiting = Number.POSITIVE_INFINITY, work = 'search' } = options;
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    acquire(signal) {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      if (waiting.length >= maxWaiting) {
        return Promise.reject(
          new ToolError(
            'BUSY',
            `The server is busy: every ${work} slot is taken (${size} running, ${waiting.length} waiting).`,
            { hint: 'Retry in a few seconds, or make fewer calls in parallel.' }
          )
        );
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject(new ToolError('CANCELLED', `The ${work} was cancelled while waiting for its turn.`));
        };
        waiting.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
    get waiting() {
      return waiting.length;
    }
  };
}
