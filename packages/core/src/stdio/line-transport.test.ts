import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { LineTransport } from './line-transport.js';

function harness(maxLineBytes = 1000) {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new LineTransport({ input, output, maxLineBytes, drainTimeoutMs: 1000 });
  const received: unknown[] = [];
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  transport.onmessage = message => received.push(message);
  const replies = () =>
    written
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line) as { id: unknown; error?: { code: number; message: string } });
  return { input, transport, received, replies };
}

const tick = () => new Promise(resolve => setImmediate(resolve));
const ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}';

describe('LineTransport', () => {
  it('delivers messages split across chunks, including a multi-byte character split in two', async () => {
    const { input, transport, received } = harness();
    await transport.start();
    const text = Buffer.from(
      '{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"héllo €"}}\n'
    );
    const cut = text.indexOf(Buffer.from('€')) + 1;
    input.write(text.subarray(0, cut));
    input.write(text.subarray(cut));
    input.write(`${ping}\n`);
    await tick();
    expect(received).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message', params: { data: 'héllo €' } },
      { jsonrpc: '2.0', id: 1, method: 'ping' }
    ]);
  });

  it('answers invalid JSON with -32700 and other values with -32600, and keeps going', async () => {
    const { input, transport, received, replies } = harness();
    await transport.start();
    input.write(`{nope\n[1,2]\n"text"\n{"jsonrpc":"1.0","method":"x"}\n\n${ping}\n`);
    await tick();
    expect(replies().map(reply => [reply.id, reply.error?.code])).toEqual([
      [null, -32700],
      [null, -32600],
      [null, -32600],
      [null, -32600]
    ]);
    expect(received).toHaveLength(1);
  });

  it('refuses an overlong line once without buffering it, then resumes', async () => {
    const { input, transport, received, replies } = harness(1000);
    await transport.start();
    input.write('x'.repeat(600));
    input.write('x'.repeat(600));
    input.write(`rest\n${ping}\n`);
    await tick();
    expect(replies()).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'Invalid Request: message exceeds 1000 bytes.' }
      }
    ]);
    expect(received).toHaveLength(1);
  });

  it('answers an oversize request with its own id, read while the line is discarded', async () => {
    const { input, transport, received, replies } = harness(1000);
    await transport.start();
    const huge = 'y'.repeat(3000);
    // In pieces, the id early; whole, the id after the big params; a notification has no id to use.
    const first = `{"jsonrpc":"2.0","id":"call-7","method":"tools/call","params":{"text":"${huge}"}}`;
    input.write(first.slice(0, 600));
    input.write(first.slice(600, 1900));
    input.write(`${first.slice(1900)}\n`);
    input.write(`{"jsonrpc":"2.0","method":"tools/call","params":{"id":1,"text":"${huge}"},"id":8}\n`);
    input.write(`{"jsonrpc":"2.0","method":"notifications/x","params":{"id":3,"text":"${huge}"}}\n${ping}\n`);
    await tick();
    expect(replies().map(reply => [reply.id, reply.error?.code])).toEqual([
      ['call-7', -32600],
      [8, -32600],
      [null, -32600]
    ]);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
  });

  it('delivers a final line without newline and closes at once when nothing awaits an answer', async () => {
    const { input, transport, received } = harness();
    let closed = false;
    transport.onclose = () => (closed = true);
    await transport.start();
    input.end('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    await tick();
    expect(received).toHaveLength(1);
    expect(closed).toBe(true);
  });

  it('refuses an overlong line even when it arrives whole in one chunk', async () => {
    const { input, transport, received, replies } = harness(100);
    await transport.start();
    input.write(`{"jsonrpc":"2.0","method":"x","params":{"pad":"${'y'.repeat(200)}"}}\n${ping}\n`);
    await tick();
    expect(replies().map(reply => reply.error?.code)).toEqual([-32600]);
    expect(received).toHaveLength(1);
  });

  it('accepts a byte-order mark before the first message', async () => {
    const { input, transport, received } = harness();
    await transport.start();
    input.write(`\uFEFF${ping}\n`);
    await tick();
    expect(received).toHaveLength(1);
  });

  it('still answers requests received before the input ended, then closes', async () => {
    const { input, transport, received, replies } = harness();
    let closed = false;
    transport.onclose = () => (closed = true);
    await transport.start();
    input.end(`${ping}\n`);
    await tick();
    expect(received).toHaveLength(1);
    expect(closed).toBe(false);
    await transport.send({ jsonrpc: '2.0', id: 1, result: {} });
    await transport.closed;
    expect(closed).toBe(true);
    expect(replies()).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });

  it('never hangs a send on an output that was destroyed under backpressure', async () => {
    const input = new PassThrough();
    const output = new PassThrough({ highWaterMark: 16 });
    const transport = new LineTransport({ input, output, maxLineBytes: 1000 });
    await transport.start();
    output.on('error', () => undefined);
    const sending = transport.send({
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { data: 'x'.repeat(100) }
    });
    output.destroy();
    await expect(sending).resolves.toBeUndefined();
  });
});
