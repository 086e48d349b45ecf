import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { Logger } from '@mcpkit/observability';

import type { ChangeNotifier } from '../server/live-instances.js';

/** The caller's identity, as declared by the client (never authenticated by itself). */
export interface ClientIdentity {
  name?: string | undefined;
  version?: string | undefined;
}

/**
 * What a tool, resource or prompt handler receives besides its arguments: the server's long-lived
 * context and the request's cancellation signal, progress reporter, logger and budget.
 */
export interface RequestCall<Context> {
  /** The server's long-lived context (configuration, pools, caches), created once per process. */
  context: Context;
  /** Aborted when the client cancels the request or disconnects; pass it to your own I/O. */
  signal: AbortSignal;
  /** Identifies this request in logs, audit lines and internal-error messages. */
  correlationId: string;
  /** The protocol era of the request: `modern` (2026-07-28) or `legacy` (2025 revisions). */
  era: 'legacy' | 'modern';
  client: ClientIdentity;
  /** A child logger that stamps the correlation id on every line. */
  logger: Logger;
  /** Publishes list and resource changes (e.g. after a write) to every connected client. */
  notify: ChangeNotifier;
  /** The most bytes a result may take (each of its structured and text renderings). */
  maxOutputBytes: number;
  /**
   * The SDK's request context, for protocol features beyond this contract (input responses and
   * request state of 2026-07-28 input-required rounds, 2025-era sampling and elicitation requests).
   */
  sdk: ServerContext;
  /**
   * The SDK instance serving this request: one per stdio connection or 2025-era HTTP session, a
   * fresh one per stateless request. Use it as the key of per-connection state (e.g. a client's
   * roots) and for 2025-era server-to-client requests.
   */
  instance: McpServer;
}

/** A {@link RequestCall} for tools, which can also report progress. */
export interface ToolCall<Context> extends RequestCall<Context> {
  /**
   * Reports progress when the client asked for it (sent a progress token); otherwise does nothing.
   * `progress` must grow between calls. Cheap to call often: updates are throttled.
   */
  progress(progress: number, options?: { total?: number; message?: string }): Promise<void>;
  /** Throws a cancellation error when the request was cancelled; call it between units of work. */
  throwIfCancelled(): void;
}
