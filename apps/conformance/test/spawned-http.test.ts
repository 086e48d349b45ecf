import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { cannedClient, createTestClient, startHttpProcess } from '@mcpkit/testing';
import type { HttpProcess } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BIN, CANNED_ANSWERS } from './helpers.js';

const initializeBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }
});
const postHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

describe('the built bin over a real loopback HTTP port', () => {
  let server: HttpProcess;

  beforeAll(async () => {
    server = await startHttpProcess({
      command: process.execPath,
      args: [BIN, '--max-request-bytes', '65536']
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${server.baseUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');
  });

  it('rejects a foreign Origin with 403 (DNS rebinding)', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { ...postHeaders, Origin: 'http://evil.example.com' },
      body: initializeBody
    });
    expect(response.status).toBe(403);
  });

  it('rejects a foreign Host header with 403', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const outgoing = request(
        server.url,
        { method: 'POST', headers: { ...postHeaders, Host: 'evil.example.com' } },
        response => {
          response.resume();
          resolve(response.statusCode);
        }
      );
      outgoing.on('error', reject);
      outgoing.end(initializeBody);
    });
    expect(status).toBe(403);
  });

  it('rejects an oversized body with 413 and keeps serving', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: postHeaders,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/list',
        params: { padding: 'x'.repeat(100_000) }
      })
    });
    expect(response.status).toBe(413);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('answers invalid JSON with a JSON-RPC parse error', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: postHeaders, body: '{oops' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });

  it.each(['modern', 'legacy'] as const)(
    'serves a %s client, including a mid-call elicitation',
    async era => {
      const client = createTestClient(era, cannedClient(CANNED_ANSWERS));
      await client.connect(new StreamableHTTPClientTransport(server.url));
      try {
        expect(client.getProtocolEra()).toBe(era);
        const result = await client.callTool({
          name: 'test_input_required_result_elicitation',
          arguments: {}
        });
        expect(result.structuredContent).toEqual({ text: 'Hello, Alice!' });
      } finally {
        await client.close();
      }
    }
  );

  it('counts tool calls per tool and outcome on /metrics', async () => {
    const client = createTestClient('modern');
    await client.connect(new StreamableHTTPClientTransport(server.url));
    await client.callTool({ name: 'test_simple_text', arguments: {} });
    await client.callTool({ name: 'test_error_handling', arguments: {} });
    await client.close();
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    const series = (name: string, labels: string[]) =>
      new RegExp(`^${name}\\{${labels.map(label => `(?=[^}]*${label})`).join('')}[^}]*\\} [1-9]`, 'm');
    expect(text).toMatch(series('mcp_tool_calls_total', ['tool="test_simple_text"', 'outcome="ok"']));
    expect(text).toMatch(
      series('mcp_tool_errors_total', ['tool="test_error_handling"', 'code="FIXTURE_ERROR"'])
    );
    expect(text).toMatch(series('mcp_tool_duration_seconds_count', ['tool="test_simple_text"']));
  });

  it('lets an in-flight call finish on SIGTERM, then exits 0', async () => {
    const own = await startHttpProcess({ command: process.execPath, args: [BIN] });
    // A 2025 session: its client asks for log messages (logging/setLevel), the sign the call is in flight.
    const client = createTestClient('legacy');
    try {
      await client.connect(new StreamableHTTPClientTransport(own.url));
      // In flight for certain: the server has sent the first of its three log messages (a fixed
      // wait could end before a loaded machine delivered the request, and then nothing is in flight).
      const firstLog = new Promise<void>(resolve => {
        client.setNotificationHandler('notifications/message', () => resolve());
      });
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- 2025 protocol logging is what this waits on.
      await client.setLoggingLevel('info');
      const call = client.callTool({ name: 'test_tool_with_logging', arguments: {} });
      await firstLog;
      const exited = own.stop('SIGTERM');
      expect((await call).structuredContent).toEqual({ text: 'Logged three messages.' });
      expect(await exited).toBe(0);
      expect(own.stderr()).toContain('"shutting down"');
      expect(own.stderr()).toContain('"exited cleanly"');
    } finally {
      // A failure before SIGTERM leaves no server behind (stop is a no-op once it has exited).
      await client.close().catch(() => undefined);
      await own.stop('SIGKILL');
    }
  });
});
