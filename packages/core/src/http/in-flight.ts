import type { ServerResponse } from 'node:http';

/**
 * Counts request/response exchanges still in flight so shutdown can wait for them. Long-lived
 * streams (a 2025 GET stream, a 2026-07-28 subscriptions/listen) are not exchanges: they are closed
 * after the drain, never waited for.
 */
export class InFlight {
  #count = 0;
  #idle: (() => void) | undefined;

  track(response: ServerResponse): void {
    this.#count++;
    response.once('close', () => {
      this.#count--;
      if (this.#count === 0) this.#idle?.();
    });
  }

  /** Resolves when no exchange is in flight, or after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>(resolve => (this.#idle = resolve)),
      new Promise<void>(resolve => (timer = setTimeout(resolve, timeoutMs)))
    ]);
    clearTimeout(timer);
  }
}
