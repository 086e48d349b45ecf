import { createMcpHandler } from '@modelcontextprotocol/server';
import type { McpHttpHandler } from '@modelcontextprotocol/server';

import type { ServableServer } from '../server/create-server.js';
import { DEFAULT_MAX_REQUEST_BYTES } from './limits.js';

/**
 * The web-standard Streamable HTTP handler for a server, serving MCP 2026-07-28 and, statelessly,
 * the 2025 revisions from the same factory. Mount it behind {@link startHttpServer}'s guards, or call
 * its `fetch` directly in tests.
 */
export function createHttpHandler(
  server: ServableServer,
  options: { maxRequestBytes?: number } = {}
): McpHttpHandler {
  const handler = createMcpHandler(server.factory, {
    legacy: 'stateless',
    maxRequestBodySize: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    onerror: error => server.runtime.logger.warn({ err: error }, 'MCP HTTP request rejected')
  });
  // 2026-07-28 clients receive change notifications on this handler's subscriptions/listen streams.
  const detach = server.live.attach(handler.notify);
  const close = handler.close;
  return Object.assign(handler, {
    close: async () => {
      detach();
      await close();
    }
  });
}
