import { Client, InMemoryTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { McpkitServer } from '@mcpkit/core';
import { createHttpHandler, serveStdioServer } from '@mcpkit/core';

/** A protocol era: `modern` is MCP 2026-07-28, `legacy` the 2025 revisions. */
export type Era = 'modern' | 'legacy';
/** The serving entry a test goes through. */
export type EntryPoint = 'http' | 'stdio';

/** Every era × entry-point pair, for `describe.each`. */
export const ALL_CONNECTIONS: readonly { era: Era; entry: EntryPoint }[] = [
  { era: 'modern', entry: 'http' },
  { era: 'legacy', entry: 'http' },
  { era: 'modern', entry: 'stdio' },
  { era: 'legacy', entry: 'stdio' }
];

/** A connected client and how to tear the connection down. */
export interface TestConnection {
  client: Client;
  close(): Promise<void>;
}

/** Client options that make `connect()` land on the requested era, and fail if it cannot. */
export function clientOptionsFor(era: Era): ConstructorParameters<typeof Client>[1] {
  return era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {};
}

/**
 * Connects a real SDK client to a server in-process, in the given era, through the same entry the
 * server uses in production: `http` drives the Streamable HTTP handler's `fetch` (no socket),
 * `stdio` runs the stdio entry over an in-memory transport pair. Asserts the negotiated era.
 */
export async function connectInProcess(
  server: McpkitServer<unknown>,
  options: { era: Era; entry: EntryPoint; clientName?: string }
): Promise<TestConnection> {
  const client = new Client(
    { name: options.clientName ?? 'mcpkit-test', version: '1.0.0' },
    clientOptionsFor(options.era)
  );
  let closeServer: () => Promise<void>;
  if (options.entry === 'http') {
    const handler = createHttpHandler(server);
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://127.0.0.1/mcp'), {
        fetch: (url, init) => handler.fetch(new Request(url, init))
      })
    );
    closeServer = () => handler.close();
  } else {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const handle = serveStdioServer(server, { transport: serverSide, closeServer: false });
    await client.connect(clientSide);
    closeServer = () => handle.close();
  }
  if (client.getProtocolEra() !== options.era) {
    throw new Error(`Expected a ${options.era} connection, got ${String(client.getProtocolEra())}.`);
  }
  return {
    client,
    async close() {
      await client.close();
      await closeServer();
    }
  };
}
