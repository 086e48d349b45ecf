import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** Why a stdin line was refused: not JSON at all, or JSON that is no JSON-RPC message. */
export interface RejectedLine {
  code: -32700 | -32600;
  message: string;
}

/**
 * Passes newline-delimited JSON-RPC lines through and reports every other line, so the server can
 * answer it with a JSON-RPC error instead of silently dropping it (the SDK's stdio reader skips
 * lines that are not JSON). Lines longer than `maxLineBytes` are rejected without being buffered.
 */
export function createJsonLineFilter(options: {
  maxLineBytes: number;
  onRejected: (line: RejectedLine) => void;
}): Transform {
  let carry = '';
  let discarding = false;
  const check = (line: string, push: (text: string) => void) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      options.onRejected({ code: -32700, message: `Parse error: ${(error as Error).message}` });
      return;
    }
    const messages = Array.isArray(value) ? (value as unknown[]) : [value];
    const valid = messages.every(
      message =>
        typeof message === 'object' &&
        message !== null &&
        (message as { jsonrpc?: unknown }).jsonrpc === '2.0'
    );
    if (!valid) {
      options.onRejected({
        code: -32600,
        message: 'Invalid Request: expected a JSON-RPC 2.0 message object.'
      });
      return;
    }
    push(`${line}\n`);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const text = carry + chunk.toString('utf8');
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        if (discarding) discarding = false;
        else check(line, out => this.push(out));
      }
      if (Buffer.byteLength(carry) > options.maxLineBytes) {
        if (!discarding)
          options.onRejected({
            code: -32600,
            message: `Invalid Request: message exceeds ${options.maxLineBytes} bytes.`
          });
        discarding = true;
        carry = '';
      }
      callback();
    },
    flush(callback: TransformCallback) {
      if (!discarding) check(carry, out => this.push(out));
      callback();
    }
  });
}
