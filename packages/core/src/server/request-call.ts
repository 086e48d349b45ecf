import { randomUUID } from 'node:crypto';

import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { CLIENT_INFO_META_KEY } from '@modelcontextprotocol/server';

import { ToolError } from '../errors/tool-error.js';
import type { ClientIdentity, ToolCall } from '../tool/tool-call.js';
import type { ServerRuntime } from './runtime.js';

/** The per-request facts the factory knows: which era it serves and which SDK instance serves it. */
export interface RequestScope {
  era: 'legacy' | 'modern';
  server: McpServer;
}

const PROGRESS_INTERVAL_MS = 50;

/** Builds the {@link ToolCall} a handler receives from the SDK's request context. */
export function createRequestCall<Context>(
  runtime: ServerRuntime<Context>,
  sdkContext: ServerContext,
  scope: RequestScope
): ToolCall<Context> {
  const correlationId = randomUUID();
  const signal = sdkContext.mcpReq.signal;
  const progressToken = sdkContext.mcpReq._meta?.progressToken;
  let lastSentAt = 0;
  let lastProgress = Number.NEGATIVE_INFINITY;
  return {
    context: runtime.context,
    signal,
    correlationId,
    era: scope.era,
    client: clientIdentity(sdkContext, scope),
    // Built on first use: most calls never log beyond their audit line.
    get logger() {
      const logger = runtime.logger.child({ correlation_id: correlationId });
      Object.defineProperty(this, 'logger', { value: logger });
      return logger;
    },
    maxOutputBytes: runtime.maxOutputBytes,
    sdk: sdkContext,
    instance: scope.server,
    notify: runtime.notify,
    async progress(progress, options = {}) {
      if (progressToken === undefined || signal.aborted || progress <= lastProgress) return;
      const now = Date.now();
      const final = options.total !== undefined && progress >= options.total;
      if (!final && now - lastSentAt < PROGRESS_INTERVAL_MS) return;
      lastSentAt = now;
      lastProgress = progress;
      // Progress is best effort: a client that went away must not fail the work it asked for.
      await sdkContext.mcpReq
        .notify({ method: 'notifications/progress', params: { progressToken, progress, ...options } })
        .catch(() => undefined);
    },
    throwIfCancelled() {
      if (signal.aborted) {
        throw new ToolError('CANCELLED', 'The request was cancelled before it finished.', {
          hint: 'Nothing further was done after the cancellation; call again if you still need the result.'
        });
      }
    }
  };
}

function clientIdentity(sdkContext: ServerContext, scope: RequestScope): ClientIdentity {
  if (scope.era === 'modern') {
    const envelope = sdkContext.mcpReq.envelope as Record<string, unknown> | undefined;
    const info = envelope?.[CLIENT_INFO_META_KEY] as ClientIdentity | undefined;
    return { name: info?.name, version: info?.version };
  }
  // A 2025-era connection names its client once, in initialize: the SDK keeps this accessor
  // answering with it there (the per-request envelope it points to exists on 2026-07-28 only).
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the 2025 era's only source
  const info = scope.server.server.getClientVersion();
  return { name: info?.name, version: info?.version };
}
