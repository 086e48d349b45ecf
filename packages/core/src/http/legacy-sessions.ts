import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

import type { ServableServer } from '../server/create-server.js';
import { sendJsonRpcError } from './send-json.js';

export interface LegacySessionOptions {
  /** Most concurrent sessions; new `initialize` requests beyond it get 503. Default 1000. */
  maxSessions?: number;
  /** A session unused this long is closed. Default 30 minutes. */
  idleTimeoutMs?: number;
}

interface Session {
  transport: NodeStreamableHTTPServerTransport;
  lastUsed: number;
}

/**
 * Sessionful serving of 2025-era Streamable HTTP clients that open with `initialize`: each session
 * keeps one SDK instance and transport, so server-to-client requests (sampling, elicitation, roots),
 * the standalone GET stream and resource subscriptions work as those clients expect. Sessions live
 * in this process's memory; 2026-07-28 traffic is stateless and needs none of this.
 */
export class LegacySessions {
  readonly #sessions = new Map<string, Session>();
  readonly #server: ServableServer;
  readonly #maxSessions: number;
  readonly #idleTimeoutMs: number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(server: ServableServer, options: LegacySessionOptions = {}) {
    this.#server = server;
    this.#maxSessions = options.maxSessions ?? 1000;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60_000;
    this.#sweeper = setInterval(() => this.#sweep(), Math.min(60_000, this.#idleTimeoutMs)).unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** True when the request belongs to a session (it names one) or opens one (an `initialize` POST). */
  claims(request: IncomingMessage, opensSession: boolean): boolean {
    return request.headers['mcp-session-id'] !== undefined || opensSession;
  }

  async handle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.#sessions.get(sessionId);
      if (!session) {
        return sendJsonRpcError(response, {
          status: 404,
          code: -32001,
          message: 'Session not found: it expired or was closed. Send initialize again.'
        });
      }
      session.lastUsed = Date.now();
      return session.transport.handleRequest(request, response, body);
    }
    if (this.#sessions.size >= this.#maxSessions) {
      return sendJsonRpcError(response, {
        status: 503,
        code: -32000,
        message: 'Too many open sessions; try again later or use MCP 2026-07-28, which is stateless.'
      });
    }
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: id => {
        this.#sessions.set(id, { transport, lastUsed: Date.now() });
      }
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.#sessions.delete(transport.sessionId);
    };
    const instance = this.#server.live.track(this.#server.factory({ era: 'legacy' }), 'legacy');
    await instance.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  /** Closes every session. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(sessions.map(session => session.transport.close()));
  }

  #sweep(): void {
    const cutoff = Date.now() - this.#idleTimeoutMs;
    for (const [id, session] of this.#sessions) {
      if (session.lastUsed < cutoff) {
        this.#sessions.delete(id);
        void session.transport.close();
      }
    }
  }
}
