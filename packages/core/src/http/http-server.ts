import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { hostHeaderValidation, originValidation, toNodeHandler } from '@modelcontextprotocol/node';
import {
  classifyInboundRequest,
  isInitializeRequest,
  localhostAllowedHostnames
} from '@modelcontextprotocol/server';

import { ConfigError } from '../errors/config-error.js';
import type { ServableServer } from '../server/create-server.js';
import { createHttpHandler } from './http-handler.js';
import { DEFAULT_MAX_REQUEST_BYTES } from './limits.js';
import { LegacySessions } from './legacy-sessions.js';
import type { LegacySessionOptions } from './legacy-sessions.js';
import { isLoopbackHost } from './loopback.js';
import { readJsonBody } from './read-json-body.js';
import { sendJson, sendJsonRpcError } from './send-json.js';

export interface HttpServerOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Path of the MCP endpoint. Default `/mcp`. */
  path?: string;
  /** Must be true to bind a non-loopback interface (there is no auth layer yet). */
  allowRemote?: boolean;
  /** Extra `Host` header names to accept besides the loopback names and the bound host. */
  allowedHosts?: readonly string[];
  /** Extra browser `Origin` host names to accept besides the loopback names. */
  allowedOrigins?: readonly string[];
  /** Largest request body in bytes; larger ones get 413. Default 1 MiB. */
  maxRequestBytes?: number;
  /** How long shutdown waits for in-flight requests before aborting them. Default 10 s. */
  drainTimeoutMs?: number;
  /** Limits on sessions of 2025-era clients (2026-07-28 traffic is stateless). */
  legacySessions?: LegacySessionOptions;
  /** Also release the server's resources on close. Default true. */
  closeServer?: boolean;
}

/** A running HTTP server. */
export interface HttpServerHandle {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: URL;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (up to the drain timeout), then closes everything. */
  close(): Promise<void>;
}

/**
 * Serves a server over Streamable HTTP on `node:http`: DNS-rebinding guards (Host and Origin → 403),
 * a body limit (→ 413), `/healthz`, `/readyz` and `/metrics`, and a graceful drain on close.
 * Refuses to bind a non-loopback interface unless `allowRemote` is set.
 */
export async function startHttpServer(
  server: ServableServer,
  options: HttpServerOptions = {}
): Promise<HttpServerHandle> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new ConfigError(
      `Refusing to bind ${host}: it is reachable from other machines and this server has no authentication yet. ` +
        'Bind 127.0.0.1 (the default), or pass --allow-remote if a trusted proxy in front of it authenticates callers.'
    );
  }
  const path = options.path ?? '/mcp';
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const handler = createHttpHandler(server, { maxRequestBytes });
  const nodeHandler = toNodeHandler(handler);
  const sessions = new LegacySessions(server, options.legacySessions);
  const bareHost = host.replace(/^\[(.*)\]$/, '$1');
  const validateHost = hostHeaderValidation([
    ...localhostAllowedHostnames(),
    ...(bareHost.includes(':') ? [`[${bareHost}]`] : [bareHost]),
    ...(options.allowedHosts ?? [])
  ]);
  const validateOrigin = originValidation([
    ...localhostAllowedHostnames(),
    ...(options.allowedOrigins ?? [])
  ]);
  const logger = server.runtime.logger;
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const routeMcp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!validateHost(request, response) || !validateOrigin(request, response)) return;
    let body: unknown;
    if (request.method === 'POST') {
      const read = await readJsonBody(request, maxRequestBytes);
      if (read.kind === 'too_large') {
        response.setHeader('Connection', 'close');
        request.resume();
        return sendJsonRpcError(response, {
          status: 413,
          code: -32600,
          message: `Request body exceeds the ${maxRequestBytes}-byte limit.`
        });
      }
      if (read.kind === 'invalid_json')
        return sendJsonRpcError(response, {
          status: 400,
          code: -32700,
          message: `Parse error: ${read.message}`
        });
      body = read.body;
    }
    if (sessions.claims(request, opensLegacySession(request, body)))
      return sessions.handle(request, response, body);
    await nodeHandler(request, response, body);
  };

  const httpServer = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      void server.isReady().then(
        ready =>
          sendJson(response, ready && !draining ? 200 : 503, {
            status: ready && !draining ? 'ready' : 'not ready'
          }),
        () => sendJson(response, 503, { status: 'not ready' })
      );
      return;
    }
    if (url.pathname === '/metrics' && request.method === 'GET') {
      const { metrics } = server.runtime;
      if (!metrics.render) return sendJson(response, 404, { error: 'This server keeps no metrics.' });
      void metrics.render().then(text => {
        response.writeHead(200, { 'Content-Type': metrics.contentType ?? 'text/plain' }).end(text);
      });
      return;
    }
    if (url.pathname !== path)
      return sendJson(response, 404, { error: `Not found. The MCP endpoint is ${path}.` });
    if (draining) return sendJson(response, 503, { error: 'The server is shutting down.' });
    inFlight++;
    response.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    routeMcp(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'HTTP request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal server error.' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 3000, host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = new URL(`http://${bareHost.includes(':') ? `[${bareHost}]` : bareHost}:${port}${path}`);
  logger.info({ url: url.href, max_request_bytes: maxRequestBytes }, 'listening');

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    draining = true;
    const stopped = new Promise<void>(resolve => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    if (inFlight > 0) {
      await Promise.race([
        new Promise<void>(resolve => (drained = resolve)),
        new Promise<void>(resolve => setTimeout(resolve, options.drainTimeoutMs ?? 10_000).unref())
      ]);
    }
    await Promise.all([handler.close(), sessions.close()]);
    httpServer.closeAllConnections();
    await stopped;
    if (options.closeServer ?? true) await server.close();
    logger.info('stopped');
  };
  return { url, port, close: () => (closing ??= close()) };
}

/** An `initialize` POST of a 2025-era client, which starts a session. */
function opensLegacySession(request: IncomingMessage, body: unknown): boolean {
  if (request.method !== 'POST' || !isInitializeRequest(body)) return false;
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const route = classifyInboundRequest({
    httpMethod: 'POST',
    protocolVersionHeader: header('mcp-protocol-version'),
    mcpMethodHeader: header('mcp-method'),
    mcpNameHeader: header('mcp-name'),
    body
  });
  return route.kind === 'legacy';
}
