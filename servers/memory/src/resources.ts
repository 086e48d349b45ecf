import type { ResourceDefinition } from '@mcpkit/core';
import { defineResource } from '@mcpkit/core';

import type { MemoryContext } from './context.js';
import { serializeMemoryFile } from './store/jsonl.js';
import { GRAPH_URI } from './tools/change-graph.js';

/** The default namespace in the official file format: read it to export a memory.jsonl. */
export const EXPORT_URI = 'memory://knowledge-graph.jsonl';

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
  }),
  defineResource({
    name: 'knowledge-graph-jsonl',
    uri: EXPORT_URI,
    title: 'Knowledge graph as memory.jsonl',
    description:
      'The knowledge graph in the official memory.jsonl format, byte for byte as the official server writes it: save it to move back or share.',
    mimeType: 'application/jsonl',
    read: async (uri, call) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/jsonl',
          text: serializeMemoryFile(await call.context.store.readGraph(call.context.namespace))
        }
      ]
    })
  })
];
