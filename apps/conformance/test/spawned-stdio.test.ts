import { spawn } from 'node:child_process';

import { cannedClient, connectStdioProcess } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { BIN, CANNED_ANSWERS } from './helpers.js';

/** Speaks newline-delimited JSON-RPC to a spawned bin, one line at a time. */
function rawStdio(args: string[] = []) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  const lines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let index: number;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<number | null>(resolve => child.once('exit', resolve));
  return {
    send: (text: string) => child.stdin.write(`${text}\n`),
    next: () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no response within 5 s')), 5000);
        const take = (line: string) => {
          clearTimeout(timer);
          resolve(JSON.parse(line) as Record<string, unknown>);
        };
        const queued = lines.shift();
        if (queued !== undefined) take(queued);
        else waiting.push(take);
      }),
    child,
    exited
  };
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }
});

describe.each(['modern', 'legacy'] as const)('the built bin over stdio (%s era)', era => {
  it('answers tools/list, a tool call, a resource read and a prompt get', async () => {
    const connection = await connectStdioProcess({
      command: process.execPath,
      args: [BIN],
      era,
      client: cannedClient(CANNED_ANSWERS)
    });
    try {
      expect((await connection.client.listTools()).tools.length).toBeGreaterThan(20);
      const result = await connection.client.callTool({
        name: 'test_input_required_result_elicitation',
        arguments: {}
      });
      expect(result.structuredContent).toEqual({ text: 'Hello, Alice!' });
      expect((await connection.client.readResource({ uri: 'test://static-text' })).contents).toHaveLength(1);
      expect((await connection.client.getPrompt({ name: 'test_simple_prompt' })).messages).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });
});

describe('malformed input on stdio', () => {
  it('answers invalid JSON with a parse error and keeps serving', async () => {
    const server = rawStdio();
    try {
      server.send(initialize);
      expect(await server.next()).toMatchObject({
        id: 1,
        result: { serverInfo: { name: 'mcpkit-conformance' } }
      });
      server.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      server.send('{this is not json');
      expect(await server.next()).toMatchObject({ error: { code: -32700 } });
      server.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
      const listed = await server.next();
      expect(listed).toMatchObject({ id: 2 });
      expect((listed.result as { tools: unknown[] }).tools.length).toBeGreaterThan(20);
      server.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'nope', arguments: {} }
        })
      );
      expect(await server.next()).toMatchObject({ id: 3, error: { code: -32602 } });
    } finally {
      server.child.stdin.end();
      expect(await server.exited).toBe(0);
    }
  });

  it('answers a call still running when stdin closes, then exits 0', async () => {
    const server = rawStdio();
    server.send(initialize);
    await server.next();
    server.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    server.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'test_tool_with_logging', arguments: {} }
      })
    );
    server.child.stdin.end();
    let message = await server.next();
    while (message.id === undefined) message = await server.next(); // the tool's log notifications
    expect(message).toMatchObject({
      id: 2,
      result: { structuredContent: { text: 'Logged three messages.' } }
    });
    expect(await server.exited).toBe(0);
  });

  it('exits cleanly with code 0 on SIGTERM', async () => {
    const server = rawStdio();
    server.send(initialize);
    await server.next();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

describe('bad configuration', () => {
  it.each([
    [['--port', 'abc'], '--port'],
    [['--transport', 'pigeon'], '--transport'],
    [['--log-level', 'chatty'], '--log-level'],
    [['--frobnicate'], 'Unknown option --frobnicate'],
    [['--transport', 'http', '--host', '0.0.0.0'], '--allow-remote']
  ])('%j exits with code 2 and names the problem', async (args, expected) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(expected);
    expect(stdout).toBe('');
  });

  it('prints help on stdout, where a shell expects it, and serves nothing', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise(resolve => child.once('exit', resolve))).toBe(0);
    expect(stdout).toContain('--max-output-bytes  [MCPKIT_CONFORMANCE_MAX_OUTPUT_BYTES]');
    expect(stderr).toBe('');
  });
});
