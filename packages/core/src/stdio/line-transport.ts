import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';

import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

/** Why an input line was refused: not JSON (-32700), or JSON that is no JSON-RPC message (-32600). */
export interface RejectedLine {
  code: -32700 | -32600;
  message: string;
}

/**
 * Newline-delimited JSON-RPC over a pair of streams (the MCP stdio binding). Unlike the SDK's stdio
 * transport, which silently skips lines that are not JSON, every unreadable line is answered with a
 * JSON-RPC error (id null) and the connection carries on. Each line is parsed once; UTF-8 sequences
 * split across chunks are decoded correctly; a line over `maxLineBytes` is refused unbuffered.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  readonly #input: Readable;
  readonly #output: Writable;
  readonly #maxLineBytes: number;
  readonly #decoder = new StringDecoder('utf8');
  #carry = '';
  #discarding = false;
  #closed = false;

  constructor(streams: { input: Readable; output: Writable; maxLineBytes: number }) {
    this.#input = streams.input;
    this.#output = streams.output;
    this.#maxLineBytes = streams.maxLineBytes;
  }

  start(): Promise<void> {
    this.#input.on('data', this.#onData);
    this.#input.on('error', this.#onError);
    this.#input.once('end', this.#onEnd);
    this.#input.once('close', this.#onEnd);
    this.#output.on('error', this.#onError);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.#write(`${JSON.stringify(message)}\n`);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#input.off('data', this.#onData);
    this.#input.off('end', this.#onEnd);
    this.#input.off('close', this.#onEnd);
    this.onclose?.();
    return Promise.resolve();
  }

  #write(text: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise(resolve => {
      if (this.#output.write(text)) resolve();
      else this.#output.once('drain', () => resolve());
    });
  }

  #reject(rejected: RejectedLine): void {
    void this.#write(`${JSON.stringify({ jsonrpc: '2.0', id: null, error: rejected })}\n`);
  }

  readonly #onData = (chunk: Buffer | string): void => {
    const lines = (this.#carry + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk))).split(
      '\n'
    );
    this.#carry = lines.pop() ?? '';
    for (const line of lines) {
      if (this.#discarding) this.#discarding = false;
      else this.#handleLine(line);
    }
    if (Buffer.byteLength(this.#carry) > this.#maxLineBytes) {
      if (!this.#discarding) {
        this.#reject({
          code: -32600,
          message: `Invalid Request: message exceeds ${this.#maxLineBytes} bytes.`
        });
      }
      this.#discarding = true;
      this.#carry = '';
    }
  };

  readonly #onEnd = (): void => {
    const rest = this.#carry + this.#decoder.end();
    this.#carry = '';
    if (!this.#discarding) this.#handleLine(rest);
    void this.close();
  };

  readonly #onError = (error: Error): void => {
    this.onerror?.(error);
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
