import type { Transport } from '@modelcontextprotocol/server';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

import type { ServableServer } from '../server/create-server.js';
import { LineTransport } from './line-transport.js';

/** A server being served over stdio. */
export interface StdioServeHandle {
  /** Closes the connection and releases the server's resources. */
  close(): Promise<void>;
  /**
   * Resolves when the client is done: its input ended and every request it sent was answered (on
   * the process's own stdio; never resolves for a transport passed in).
   */
  readonly finished: Promise<void>;
}

/**
 * Serves a server over stdio (or over any stdio-shaped transport, e.g. an in-memory pair in tests).
 * The opening message decides the connection's era: `server/discover` for 2026-07-28, `initialize`
 * for the 2025 revisions; both are served from the same factory.
 */
export function serveStdioServer(
  server: ServableServer,
  options: {
    transport?: Transport;
    /** Also release the server's resources when the connection closes. Default true. */
    closeServer?: boolean;
  } = {}
): StdioServeHandle {
  // A stdio connection outlives its requests: track its instance so change notifications reach it.
  const transport = options.transport ?? createProcessStdioTransport();
  const handle = serveStdio(request => server.live.track(server.factory(request), request.era), {
    legacy: 'serve',
    transport,
    onerror: error => server.runtime.logger.warn({ err: error }, 'stdio protocol error')
  });
  let closing: Promise<void> | undefined;
  return {
    finished: transport instanceof LineTransport ? transport.closed : new Promise<void>(() => undefined),
    close: () =>
      (closing ??= (async () => {
        await handle.close();
        if (options.closeServer ?? true) await server.close();
      })())
  };
}

/** The process's stdio as an MCP transport: the one place that owns stdout. */
function createProcessStdioTransport(): LineTransport {
  return new LineTransport({
    input: process.stdin,
    // eslint-disable-next-line no-restricted-properties -- the stdio transport is stdout's only writer.
    output: process.stdout,
    maxLineBytes: STDIO_DEFAULT_MAX_BUFFER_SIZE
  });
}
