import sonicBoom from 'sonic-boom';
import type { SonicBoom, SonicBoomOpts } from 'sonic-boom';

// A CommonJS module whose export is the class, which also names itself as a property.
const { SonicBoom: Sonic } = sonicBoom;

/** Log bytes held while stderr is slower than the server; past it, new lines are dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/**
 * Writes stderr refused for now (EAGAIN) retried, 100 ms apart, before it counts as broken: a
 * reader that stopped reading holds the process at most about a second.
 */
const MAX_WRITE_RETRIES = 10;
/** The longest flush waits for lines in flight before it writes the rest synchronously. */
const FLUSH_WAIT_MS = 2000;

/**
 * Log lines to stderr without a blocking write per line, and without ever hanging on a stderr
 * nobody reads. A host that dies leaves the pipe broken (EPIPE) or full (EAGAIN forever); either
 * breaks this destination once: later lines are dropped, `onBroken` is told, and flushing it
 * never blocks for more than about a second. (sonic-boom 4, which pino's own destination uses,
 * retried a failed synchronous flush forever, so a process whose host died never exited.)
 */
export class StderrLines {
  readonly #sonic: SonicBoom;
  #broken = false;

  constructor(
    private readonly onBroken?: (error: Error) => void,
    fd = 2
  ) {
    const options: SonicBoomOpts & { maxWriteRetries: number } = {
      fd,
      sync: false,
      maxLength: MAX_BUFFERED_BYTES,
      maxWriteRetries: MAX_WRITE_RETRIES
    };
    this.#sonic = new Sonic(options);
    this.#sonic.on('error', (error: Error) => this.#break(error));
  }

  /** Whether writes have failed for good (lines are dropped since). */
  get broken(): boolean {
    return this.#broken;
  }

  write(line: string): boolean {
    if (this.#broken) return true;
    return this.#sonic.write(line);
  }

  /**
   * pino's `logger.flush(cb)`: calls back once every line so far is written (in order, after a
   * write in flight), or stderr broke, or FLUSH_WAIT_MS passed.
   */
  flush(callback?: (error?: Error) => void): void {
    if (this.#broken) return void callback?.();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.flushSync();
      callback?.();
    };
    const timer = setTimeout(finish, FLUSH_WAIT_MS);
    this.#sonic.flush(finish);
  }

  /**
   * Writes out what is buffered, synchronously (after `process.exit`, when nothing asynchronous
   * runs; it may overtake a write in flight). A broken stderr is given up on, never waited for.
   */
  flushSync(): void {
    if (this.#broken) return;
    try {
      this.#sonic.flushSync();
    } catch (error) {
      this.#break(error as Error);
    }
  }

  #break(error: Error): void {
    if (this.#broken) return;
    this.#broken = true;
    this.onBroken?.(error);
  }
}
