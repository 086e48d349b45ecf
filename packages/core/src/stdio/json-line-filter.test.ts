import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createJsonLineFilter } from './json-line-filter.js';
import type { RejectedLine } from './json-line-filter.js';

async function run(
  chunks: string[],
  maxLineBytes = 1000
): Promise<{ passed: string; rejected: RejectedLine[] }> {
  const rejected: RejectedLine[] = [];
  const filter = createJsonLineFilter({ maxLineBytes, onRejected: line => rejected.push(line) });
  let passed = '';
  filter.on('data', (chunk: Buffer) => (passed += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    Readable.from(chunks).pipe(filter).on('end', resolve).on('error', reject);
  });
  return { passed, rejected };
}

describe('createJsonLineFilter', () => {
  const ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}';

  it('passes JSON-RPC lines through, even when split across chunks', async () => {
    const { passed, rejected } = await run([ping.slice(0, 10), `${ping.slice(10)}\n`, `${ping}\n`]);
    expect(passed).toBe(`${ping}\n${ping}\n`);
    expect(rejected).toEqual([]);
  });

  it('reports invalid JSON as -32700 and non-JSON-RPC values as -32600, and keeps going', async () => {
    const { passed, rejected } = await run(['{nope\n', '[1,2]\n', '"text"\n', '\n', `${ping}\n`]);
    expect(rejected.map(line => line.code)).toEqual([-32700, -32600, -32600]);
    expect(passed).toBe(`${ping}\n`);
  });

  it('rejects an overlong line once without buffering it, then resumes', async () => {
    const { passed, rejected } = await run(['x'.repeat(600), 'x'.repeat(600), `rest\n${ping}\n`], 1000);
    expect(rejected).toEqual([{ code: -32600, message: 'Invalid Request: message exceeds 1000 bytes.' }]);
    expect(passed).toBe(`${ping}\n`);
  });
});
