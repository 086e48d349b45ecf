import { createMcpkitServer } from '@mcpkit/core';
import type { McpkitServer, McpkitServerOptions, ServerDefinition } from '@mcpkit/core';

import { ChangeFeed } from './change-feed.js';
import type { MemoryContext } from './context.js';
import { MIN_GRAPH_BUDGET } from './pages/page-writer.js';
import { resources } from './resources/knowledge-graph.js';
import { EXPORT_URI, GRAPH_URI } from './tools/change-graph.js';
import { memoryTools } from './tools/index.js';
import { VERSION } from './version.js';

/** The memory server's definition: the official nine tools and resource, on a database. */
export const memoryDefinition: ServerDefinition<MemoryContext> = {
  name: 'mcpkit-memory',
  version: VERSION,
  title: 'mcpkit memory',
  instructions:
    'A persistent knowledge graph of entities, their observations and the relations between them. Search (search_nodes) or open (open_nodes) before reading the whole graph.',
  tools: memoryTools,
  resources,
  resourceSubscriptions: true
};

/**
 * Creates the memory server over an open context. Subscribers of the graph resources hear of the
 * changes other processes commit to the namespace too (see ChangeFeed). Closing the server stops
 * that and closes the database.
 */
export function createMemoryServer(
  context: MemoryContext,
  options: Omit<McpkitServerOptions<MemoryContext>, 'context' | 'close'> = {}
): McpkitServer<MemoryContext> {
  const budget = options.maxOutputBytes;
  if (budget !== undefined && budget < MIN_GRAPH_BUDGET) {
    throw new RangeError(
      `The memory server needs an output budget of at least ${MIN_GRAPH_BUDGET} bytes (got ${budget}): a page must fit the largest entity name and relation the store keeps.`
    );
  }
  const server = createMcpkitServer(memoryDefinition, {
    ...options,
    context,
    close: async () => {
      await started;
      await feed.stop();
      await context.database.close();
    }
  });
  const feed: ChangeFeed = new ChangeFeed(context.database, {
    namespace: context.namespace,
    logger: server.runtime.logger,
    onChange: () => {
      server.notify.resourceUpdated(GRAPH_URI);
      server.notify.resourceUpdated(EXPORT_URI);
    }
  });
  const started = feed.start().catch((error: unknown) => {
    server.runtime.logger.warn(
      { err: error },
      'the change feed could not start; changes by other processes will not be announced'
    );
  });
  return server;
}
