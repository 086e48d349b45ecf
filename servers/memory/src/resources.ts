import type { ResourceDefinition } from '@mcpkit/core';
import { defineResource } from '@mcpkit/core';

import type { MemoryContext } from './context.js';
import { GRAPH_URI } from './tools/write-tools.js';

/** The official `memory://knowledge-graph` resource: the default namespace's graph as JSON. */
export const resources: readonly ResourceDefinition<MemoryContext>[] = [
  defineResource({
    name: 'knowledge-graph',
    uri: GRAPH_URI,
    title: 'Knowledge graph',
    description:
      'The whole knowledge graph (entities and relations) as JSON. Subscribe to hear about changes.',
    mimeType: 'application/json',
    read: async (uri, call) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify(await call.context.store.readGraph(call.context.namespace))
        }
      ]
    })
  })
];
