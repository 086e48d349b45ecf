import { ToolError } from '@mcpkit/core';

/** A counting semaphore: at most `size` holders; the others wait in order until a slot frees. */
export interface Slots {
  /** Waits for a slot; rejects (and gives up its place) when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<void>;
  release(): void;
}

export function createSlots(size: number): Slots {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    acquire(signal) {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject(new ToolError('CANCELLED', 'The search was cancelled while waiting for its turn.'));
        };
        waiting.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
