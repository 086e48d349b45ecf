import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

import type { ServableServer } from '../server/create-server.js';
import { sendJsonRpcError } from './send-json.js';

export interface LegacySessionOptions {
  /** Most concurrent sessions (opening ones included); further `initialize` requests get 503. Default 1000. */
  maxSessions?: number;
  /** A session with no request or stream open for this long is closed. Default 30 minutes. */
  idleTimeoutMs?: number;
}

interface Session {
  transport: NodeStreamableHTTPServerTransport;
  /** Requests and streams of this session still open; a busy session is never idle. */
  active: number;
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
  #opening = 0;

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
    if (sessionId !== undefined) {
      const session = typeof sessionId === 'string' ? this.#sessions.get(sessionId) : undefined;
      if (!session) {
        return sendJsonRpcError(response, {
          status: 404,
          code: -32001,
          message: 'Session not found: it expired or was closed. Send initialize again.'
        });
      }
      this.#markActive(session, response);
      return session.transport.handleRequest(request, response, body);
    }
    if (this.#sessions.size + this.#opening >= this.#maxSessions) {
      return sendJsonRpcError(response, {
        status: 503,
        code: -32000,
        message: 'Too many open sessions; try again later or use MCP 2026-07-28, which is stateless.'
      });
    }
    await this.#open(request, response, body);
  }

  /** Closes every session. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(sessions.map(session => session.transport.close()));
  }

  async #open(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    this.#opening++;
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: id => {
        const session: Session = { transport, active: 0, lastUsed: Date.now() };
        this.#sessions.set(id, session);
        this.#markActive(session, response);
      }
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.#sessions.delete(transport.sessionId);
    };
    const instance = this.#server.live.track(this.#server.factory({ era: 'legacy' }), 'legacy');
    try {
      await instance.connect(transport);
      await transport.handleRequest(request, response, body);
    } finally {
      this.#opening--;
      // A refused initialize (wrong Accept or Content-Type, a bad body) opens no session: release
      // the instance now, or it would stay tracked, uncounted and unreachable forever.
      if (transport.sessionId === undefined || !this.#sessions.has(transport.sessionId)) {
        await instance.close().catch(() => undefined);
      }
    }
  }

  #markActive(session: Session, response: ServerResponse): void {
    session.active++;
    session.lastUsed = Date.now();
    response.once('close', () => {
      session.active--;
      session.lastUsed = Date.now();
    });
  }

  #sweep(): void {
    const cutoff = Date.now() - this.#idleTimeoutMs;
    for (const [id, session] of this.#sessions) {
      if (session.active === 0 && session.lastUsed < cutoff) {
        this.#sessions.delete(id);
        session.transport.close().catch(() => undefined);
      }
    }
  }
}
