import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';

import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

import { RequestIdScanner } from './request-id-scanner.js';

/** Why an input line was refused: not JSON (-32700), or JSON that is no JSON-RPC message (-32600). */
export interface RejectedLine {
  code: -32700 | -32600;
  message: string;
}

type RequestId = string | number;

/**
 * Newline-delimited JSON-RPC over a pair of streams (the MCP stdio binding). Unlike the SDK's stdio
 * transport, which silently skips lines that are not JSON, every unreadable line is answered with a
 * JSON-RPC error and the connection carries on: id null, except for a request over the size limit,
 * which is answered with its own id (found while the line is discarded, never buffered whole), so
 * the client's call fails at once instead of waiting forever. Each line is parsed once and size-checked;
 * UTF-8 split across chunks decodes correctly. When the input ends, requests already received are
 * still answered (up to `drainTimeoutMs`) before the transport closes.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  /** Resolves once the transport has closed (input ended and drained, input or output broke, or close() was called). */
  readonly closed: Promise<void>;

  readonly #input: Readable;
  readonly #output: Writable;
  readonly #maxLineBytes: number;
  readonly #drainTimeoutMs: number;
  readonly #decoder = new StringDecoder('utf8');
  readonly #pending = new Set<RequestId>();
  #partial: string[] = [];
  #partialBytes = 0;
  /** Reading the rest of an oversize line: only to find the request's id. */
  #discarding: RequestIdScanner | undefined;
  #firstLine = true;
  #ended = false;
  #closed = false;
  #writable: Promise<void> | undefined;
  #markClosed!: () => void;

  constructor(streams: { input: Readable; output: Writable; maxLineBytes: number; drainTimeoutMs?: number }) {
    this.#input = streams.input;
    this.#output = streams.output;
    this.#maxLineBytes = streams.maxLineBytes;
    this.#drainTimeoutMs = streams.drainTimeoutMs ?? 30_000;
    this.closed = new Promise(resolve => (this.#markClosed = resolve));
  }

  start(): Promise<void> {
    this.#input.on('data', this.#onData);
    this.#input.on('error', this.#onBroken);
    this.#input.once('end', this.#onEnd);
    this.#output.on('error', this.#onBroken);
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.#write(`${JSON.stringify(message)}\n`);
    if ('id' in message && !('method' in message) && message.id !== null && message.id !== undefined) {
      this.#pending.delete(message.id);
      if (this.#ended && this.#pending.size === 0) void this.close();
    }
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#input.off('data', this.#onData);
    this.#input.off('end', this.#onEnd);
    // Stop reading so a piped stdin no longer keeps the process alive.
    this.#input.pause();
    this.onclose?.();
    this.#markClosed();
    return Promise.resolve();
  }

  /** Writes text, waiting out backpressure; never hangs on an output that errored or closed. */
  async #write(text: string): Promise<void> {
    if (this.#closed || this.#output.destroyed) return;
    await this.#writable;
    if (this.#output.write(text)) return;
    this.#writable ??= new Promise<void>(resolve => {
      const done = () => {
        this.#output.off('drain', done).off('close', done).off('error', done);
        this.#writable = undefined;
        resolve();
      };
      this.#output.on('drain', done).on('close', done).on('error', done);
    });
    await this.#writable;
  }

  #reject(rejected: RejectedLine, id: RequestId | null = null): void {
    void this.#write(`${JSON.stringify({ jsonrpc: '2.0', id, error: rejected })}\n`);
  }

  #tooLarge(): RejectedLine {
    return { code: -32600, message: `Invalid Request: message exceeds ${this.#maxLineBytes} bytes.` };
  }

  /** Answers a line refused for its size: with the request's id when the scanner found one. */
  #rejectOversize(scanner: RequestIdScanner): void {
    const { id, isRequest } = scanner.result;
    this.#reject(this.#tooLarge(), isRequest && id !== undefined ? id : null);
  }

  readonly #onData = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.#partial.push(text.slice(start, newline));
      this.#completeLine();
      start = newline + 1;
    }
    this.#append(text.slice(start));
  };

  #append(text: string): void {
    if (text === '') return;
    if (this.#discarding !== undefined) {
      this.#discarding.feed(text);
      return;
    }
    this.#partial.push(text);
    this.#partialBytes += Buffer.byteLength(text);
    if (this.#partialBytes > this.#maxLineBytes) {
      const scanner = new RequestIdScanner();
      for (const piece of this.#partial) scanner.feed(piece);
      this.#discarding = scanner;
      this.#partial = [];
      this.#partialBytes = 0;
    }
  }

  #completeLine(): void {
    const discarded = this.#discarding;
    this.#discarding = undefined;
    if (discarded !== undefined) {
      // The last piece of the line was appended to #partial by the caller: read it too.
      for (const piece of this.#partial) discarded.feed(piece);
      this.#partial = [];
      this.#partialBytes = 0;
      this.#rejectOversize(discarded);
      return;
    }
    const line = this.#partial.join('');
    this.#partial = [];
    this.#partialBytes = 0;
    if (Buffer.byteLength(line) > this.#maxLineBytes) {
      const scanner = new RequestIdScanner();
      scanner.feed(line);
      this.#rejectOversize(scanner);
      return;
    }
    this.#handleLine(this.#firstLine ? line.replace(/^\uFEFF/, '') : line);
    this.#firstLine = false;
  }

  readonly #onEnd = (): void => {
    this.#append(this.#decoder.end());
    if (this.#partial.length > 0 || this.#discarding !== undefined) this.#completeLine();
    this.#ended = true;
    if (this.#pending.size === 0) {
      void this.close();
      return;
    }
    // Answer what was asked before the input ended, but never wait forever.
    setTimeout(() => void this.close(), this.#drainTimeoutMs).unref();
  };

  /**
   * An input or output that fails (a client gone: EPIPE on stdout, a reset stdin) ends the
   * connection: nothing can be read from it or answered on it any more.
   */
  readonly #onBroken = (error: Error): void => {
    this.onerror?.(error);
    void this.close();
  };

  #handleLine(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.#reject({ code: -32700, message: `Parse error: ${(error as Error).message}` });
      return;
    }
    if (!isJsonRpcMessage(value)) {
      this.#reject({
        code: -32600,
        message: 'Invalid Request: expected one JSON-RPC 2.0 message object per line.'
      });
      return;
    }
    if ('method' in value && 'id' in value) this.#pending.add(value.id);
    this.onmessage?.(value);
  }
}

function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return false;
  if (typeof message.method === 'string') return true;
  return (
    (typeof message.id === 'string' || typeof message.id === 'number') &&
    ('result' in message || 'error' in message)
  );
}
