import { createMcpkitServer } from '@mcpkit/core';
import type { McpkitServer, McpkitServerOptions, ServerDefinition } from '@mcpkit/core';

import type { MemoryContext } from './context.js';
import { resources } from './resources.js';
import { deleteTools } from './tools/delete-tools.js';
import { maintenanceTools } from './tools/maintenance-tools.js';
import { readTools } from './tools/read-tools.js';
import { writeTools } from './tools/write-tools.js';

/** The memory server's definition: the official nine tools and resource, on a database. */
export const memoryDefinition: ServerDefinition<MemoryContext> = {
  name: 'mcpkit-memory',
  version: '0.1.0',
  title: 'mcpkit memory',
  instructions:
    'A persistent knowledge graph of entities, their observations and the relations between them. Search (search_nodes) or open (open_nodes) before reading the whole graph.',
  tools: [...writeTools, ...deleteTools, ...readTools, ...maintenanceTools],
  resources,
  resourceSubscriptions: true
};

/** Creates the memory server over an open context; closing the server closes the database. */
export function createMemoryServer(
  context: MemoryContext,
  options: Omit<McpkitServerOptions<MemoryContext>, 'context' | 'close'> = {}
): McpkitServer<MemoryContext> {
  return createMcpkitServer(memoryDefinition, { ...options, context, close: () => context.database.close() });
}
