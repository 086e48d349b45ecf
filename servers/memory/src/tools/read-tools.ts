import type { Tool, ToolAnnotations, ToolCall } from '@mcpkit/core';
import { byteLength, defineTool } from '@mcpkit/core';
import { z } from 'zod';

import type { MemoryContext } from '../context.js';
import type { KnowledgeGraph } from '../store/graph.js';
import { cursorArgument, pageOf } from './page.js';
import { graphOutput, namespaceArgument, names } from './schemas.js';

const READS: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false
};

const DEFAULT_SEARCH_LIMIT = 20;

const renderGraph = (graph: z.output<typeof graphOutput>) => JSON.stringify(graph, null, 2);

/** A page of `graph` within the call's budget (pretty-printed text is the larger rendering). */
function bounded(graph: KnowledgeGraph, call: ToolCall<MemoryContext>, cursor: string | undefined) {
  return pageOf(graph, { cursor, maxBytes: Math.floor(call.maxOutputBytes / 2) - 1024, measure: byteLength });
}

export const readGraphTool: Tool<MemoryContext> = defineTool({
  name: 'read_graph',
  title: 'Read Graph',
  description:
    'Read the knowledge graph: entities in creation order with the relations touching them. Large graphs come back in pages that fit the output budget; pass nextCursor to continue. Prefer search_nodes or open_nodes for specific information.',
  input: z.object({ cursor: cursorArgument, namespace: namespaceArgument }),
  output: graphOutput,
  annotations: READS,
  async handler(args, call) {
    return bounded(
      await call.context.store.readGraph(args.namespace ?? call.context.namespace),
      call,
      args.cursor
    );
  },
  render: renderGraph
});

export const searchNodesTool: Tool<MemoryContext> = defineTool({
  name: 'search_nodes',
  title: 'Search Nodes',
  description: `Search for nodes in the knowledge graph: entities whose name, type or an observation contains the query (case-insensitive), with the relations touching them, ranked (name matches first, then type, then observations; recent first). Returns at most \`limit\` entities (default ${DEFAULT_SEARCH_LIMIT}); truncated says when more matched.`,
  input: z.object({
    query: z
      .string()
      .min(1)
      .max(500)
      .describe('The search query to match against entity names, types, and observation content'),
    limit: z.number().int().min(1).max(500).default(DEFAULT_SEARCH_LIMIT).describe('Most entities to return'),
    namespace: namespaceArgument
  }),
  output: graphOutput,
  annotations: READS,
  async handler(args, call) {
    const found = await call.context.store.searchNodes(
      args.namespace ?? call.context.namespace,
      args.query,
      args.limit
    );
    const page = bounded({ entities: found.entities, relations: found.relations }, call, undefined);
    return found.total > found.entities.length ? { ...page, truncated: true } : page;
  },
  render: renderGraph
});

export const openNodesTool: Tool<MemoryContext> = defineTool({
  name: 'open_nodes',
  title: 'Open Nodes',
  description:
    'Open specific nodes in the knowledge graph by their names: the entities with every relation touching them. Unknown names are ignored.',
  input: z.object({
    names: names('An array of entity names to retrieve'),
    cursor: cursorArgument,
    namespace: namespaceArgument
  }),
  output: graphOutput,
  annotations: READS,
  async handler(args, call) {
    return bounded(
      await call.context.store.openNodes(args.namespace ?? call.context.namespace, args.names),
      call,
      args.cursor
    );
  },
  render: renderGraph
});

export const readTools: readonly Tool<MemoryContext>[] = [readGraphTool, searchNodesTool, openNodesTool];
