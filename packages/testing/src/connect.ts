import { Client, InMemoryTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { ClientCapabilities } from '@modelcontextprotocol/client';
import type { ServableServer } from '@mcpkit/core';
import { serveStdioServer } from '@mcpkit/core';
import { startHttpServer } from '@mcpkit/core/http';

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

/** How the test client presents itself: capabilities it declares and handlers it registers. */
export interface ClientSetup {
  capabilities?: ClientCapabilities;
  /** Registers request handlers (elicitation, sampling, roots) before connecting. */
  prepare?: (client: Client) => void;
}

/** Client options that make `connect()` land on the requested era, and fail if it cannot. */
export function clientOptionsFor(era: Era, setup: ClientSetup = {}): ConstructorParameters<typeof Client>[1] {
  return {
    ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    ...(setup.capabilities ? { capabilities: setup.capabilities } : {})
  };
}

/** Creates a test client for the era, with the setup's capabilities and handlers. */
export function createTestClient(era: Era, setup: ClientSetup & { name?: string } = {}): Client {
  const client = new Client(
    { name: setup.name ?? 'mcpkit-test', version: '1.0.0' },
    clientOptionsFor(era, setup)
  );
  setup.prepare?.(client);
  return client;
}

/**
 * Connects a real SDK client to a server in this process, in the given era, through the same entry
 * the server uses in production: `http` starts the real HTTP server on an ephemeral loopback port
 * (guards, 2025 sessions and all), `stdio` runs the stdio entry over an in-memory transport pair.
 * Asserts the negotiated era.
 */
export async function connectInProcess(
  server: ServableServer,
  options: { era: Era; entry: EntryPoint; client?: ClientSetup & { name?: string } }
): Promise<TestConnection> {
  const client = createTestClient(options.era, options.client);
  let closeServer: () => Promise<void>;
  if (options.entry === 'http') {
    const http = await startHttpServer(server, { port: 0, closeServer: false, drainTimeoutMs: 1000 });
    await client.connect(new StreamableHTTPClientTransport(http.url));
    closeServer = () => http.close();
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
