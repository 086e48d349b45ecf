import { connect } from 'node:net';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createLogger } from '@mcpkit/observability';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ConfigError } from '../errors/config-error.js';
import { createMcpkitServer } from '../server/create-server.js';
import { defineTool } from '../tool/define-tool.js';
import { startHttpServer } from './http-server.js';

/** Resolves when the slow tool's handler has started (the call is in flight on the server). */
const started = {
  waiters: [] as (() => void)[],
  next(): Promise<void> {
    return new Promise(resolve => this.waiters.push(resolve));
  },
  notify(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
};

const slow = defineTool({
  name: 'slow',
  title: 'Slow',
  description: 'Answers after the given delay.',
  input: z.object({ ms: z.number().int().min(0).max(2000).describe('Delay') }),
  output: z.object({ waited: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ ms }) => {
    started.notify();
    await new Promise(resolve => setTimeout(resolve, ms));
    return { waited: ms };
  },
  render: output => String(output.waited)
});

function build(onClose: () => void) {
  return createMcpkitServer(
    { name: 'http-test', version: '1.0.0', tools: [slow] },
    {
      context: {},
      logger: createLogger({ name: 'test', level: 'silent' }),
      close: () => {
        onClose();
        return Promise.resolve();
      }
    }
  );
}

const modernCall = (url: URL, ms: number) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'slow'
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'slow',
        arguments: { ms },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'test', version: '1' },
          'io.modelcontextprotocol/clientCapabilities': {}
        }
      }
    })
  });

describe('startHttpServer', () => {
  it('refuses a non-loopback interface unless remote binding is allowed', async () => {
    const attempt = startHttpServer(
      build(() => undefined),
      { host: '0.0.0.0', port: 0 }
    );
    await expect(attempt).rejects.toSatisfy(error => ConfigError.isInstance(error));
    await expect(attempt).rejects.toThrow(/--allow-remote/);
  });

  it('answers unknown paths with 404 and /metrics with 404 when no metrics are kept', async () => {
    const http = await startHttpServer(
      build(() => undefined),
      { port: 0 }
    );
    try {
      expect((await fetch(new URL('/other', http.url))).status).toBe(404);
      expect((await fetch(new URL('/metrics', http.url))).status).toBe(404);
    } finally {
      await http.close();
    }
  });

  it('drains on close: the in-flight call finishes, then resources are released and the port closes', async () => {
    let closed = false;
    const http = await startHttpServer(
      build(() => (closed = true)),
      { port: 0 }
    );
    expect((await fetch(new URL('/readyz', http.url))).status).toBe(200);
    const running = started.next();
    const inFlight = modernCall(http.url, 300).then(
      async response => (await response.json()) as { result?: unknown }
    );
    // Close only once the server is running the call (a fixed sleep races a loaded machine).
    await running;
    const closing = http.close();
    expect(closed).toBe(false);
    const body = await inFlight;
    expect(body.result).toMatchObject({ structuredContent: { waited: 300 } });
    await closing;
    expect(closed).toBe(true);
    await expect(fetch(new URL('/healthz', http.url))).rejects.toThrow();
  });

  it('survives request targets that are not URLs and never normalises a path onto the endpoint', async () => {
    const http = await startHttpServer(
      build(() => undefined),
      { port: 0 }
    );
    try {
      for (const target of ['//', '/a/../mcp', '/healthz/%2e%2e/mcp']) {
        expect(await rawStatus(http.port, `POST ${target} HTTP/1.1`)).toBe(404);
      }
      expect((await fetch(new URL('/healthz', http.url))).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('guards /metrics with the Host check like the MCP endpoint', async () => {
    const http = await startHttpServer(
      build(() => undefined),
      { port: 0 }
    );
    try {
      expect(await rawStatus(http.port, 'GET /metrics HTTP/1.1', 'evil.example.com')).toBe(403);
    } finally {
      await http.close();
    }
  });

  it('releases the instance of a refused 2025 initialize instead of leaking it', async () => {
    const server = build(() => undefined);
    const http = await startHttpServer(server, { port: 0 });
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        const response = await fetch(http.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: {
              protocolVersion: '2025-11-25',
              capabilities: {},
              clientInfo: { name: 'x', version: '1' }
            }
          })
        });
        expect(response.status).toBe(406);
      }
      expect(server.live.size).toBe(0);
    } finally {
      await http.close();
    }
  });

  it('does not wait for open streams at shutdown, and never sweeps a session that is busy', async () => {
    const http = await startHttpServer(
      build(() => undefined),
      {
        port: 0,
        drainTimeoutMs: 5000,
        // Long enough that a loaded CI machine completes the handshake inside it, short enough
        // that the slow call below outlasts it several times over.
        legacySessions: { idleTimeoutMs: 400 }
      }
    );
    const client = new Client({ name: 'legacy', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(http.url));
    const slowCall = await client.callTool({ name: 'slow', arguments: { ms: 1600 } });
    expect(slowCall.structuredContent).toEqual({ waited: 1600 });
    const started = performance.now();
    await http.close();
    expect(performance.now() - started).toBeLessThan(2500);
    await client.close();
  });
});

/** Sends one raw HTTP/1.1 request line (no URL parsing by a client) and returns the status code. */
function rawStatus(port: number, requestLine: string, host = `127.0.0.1:${port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `${requestLine}\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`
      );
    });
    let data = '';
    socket.on('data', chunk => (data += chunk.toString()));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}
