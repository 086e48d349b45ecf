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
import { InFlight } from './in-flight.js';
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
  const nodeHandler = toNodeHandler(handler, { maxRequestBodySize: maxRequestBytes });
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
  const guarded = (request: IncomingMessage, response: ServerResponse) =>
    validateHost(request, response) && validateOrigin(request, response);
  const logger = server.runtime.logger;
  const inFlight = new InFlight();
  let draining = false;

  const routeMcp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!guarded(request, response)) return;
    let body: unknown;
    if (request.method === 'POST') {
      if (draining) return sendJson(response, 503, { error: 'The server is shutting down.' });
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
      if (read.kind === 'invalid_json') {
        return sendJsonRpcError(response, {
          status: 400,
          code: -32700,
          message: `Parse error: ${read.message}`
        });
      }
      body = read.body;
      if (!isListenRequest(body)) inFlight.track(response);
    }
    if (sessions.claims(request, opensLegacySession(request, body)))
      return sessions.handle(request, response, body);
    // The adapter's request type leaves `| undefined` off Node's optional fields (method, url),
    // which exactOptionalPropertyTypes tells apart: the same object, typed as the adapter has it.
    await nodeHandler(request as Parameters<typeof nodeHandler>[0], response, body);
  };

  const routeMetrics = async (response: ServerResponse): Promise<void> => {
    const { metrics } = server.runtime;
    if (!metrics.render) return sendJson(response, 404, { error: 'This server keeps no metrics.' });
    const text = await metrics.render();
    response.writeHead(200, { 'Content-Type': metrics.contentType ?? 'text/plain' }).end(text);
  };

  const routeReady = async (response: ServerResponse): Promise<void> => {
    const ready = !draining && (await server.isReady().catch(() => false));
    sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  };

  const httpServer = createServer((request, response) => {
    // Route on the raw path: no URL parsing that could throw, and no normalisation that would let
    // `/a/../mcp` reach the endpoint past a proxy's path rules.
    const requestPath = (request.url ?? '/').split('?')[0];
    let route: Promise<void>;
    if (requestPath === '/healthz') route = Promise.resolve(sendJson(response, 200, { status: 'ok' }));
    else if (requestPath === '/readyz') route = routeReady(response);
    else if (requestPath === '/metrics' && request.method === 'GET') {
      route = guarded(request, response) ? routeMetrics(response) : Promise.resolve();
    } else if (requestPath === path) route = routeMcp(request, response);
    else
      route = Promise.resolve(sendJson(response, 404, { error: `Not found. The MCP endpoint is ${path}.` }));
    route.catch((error: unknown) => {
      logger.error({ err: error, path: requestPath }, 'HTTP request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal server error.' });
      else response.end();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 3000, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await Promise.all([handler.close(), sessions.close()]);
    throw error;
  }
  httpServer.on('error', error => logger.error({ err: error }, 'HTTP server error'));
  const port = (httpServer.address() as AddressInfo).port;
  const url = new URL(`http://${bareHost.includes(':') ? `[${bareHost}]` : bareHost}:${port}${path}`);
  logger.info({ url: url.href, max_request_bytes: maxRequestBytes }, 'listening');

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    draining = true;
    const stopped = new Promise<void>(resolve => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    await inFlight.drained(options.drainTimeoutMs ?? 10_000);
    await Promise.all([handler.close(), sessions.close()]);
    httpServer.closeAllConnections();
    await stopped;
    if (options.closeServer ?? true) await server.close();
    logger.info('stopped');
  };
  return { url, port, close: () => (closing ??= close()) };
}

function isListenRequest(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { method?: unknown }).method === 'subscriptions/listen'
  );
}

/** An `initialize` POST of a 2025-era client, which starts a session. */
function opensLegacySession(request: IncomingMessage, body: unknown): boolean {
  if (request.method !== 'POST' || !isInitializeRequest(body)) return false;
  // Only the headers the request has (an absent one is left out, not set to undefined).
  const headers: Record<string, string> = {};
  for (const [field, name] of [
    ['protocolVersionHeader', 'mcp-protocol-version'],
    ['mcpMethodHeader', 'mcp-method'],
    ['mcpNameHeader', 'mcp-name']
  ] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[field] = value;
  }
  const route = classifyInboundRequest({ httpMethod: 'POST', ...headers, body });
  return route.kind === 'legacy';
}
