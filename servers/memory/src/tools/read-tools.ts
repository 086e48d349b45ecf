import type { Tool, ToolAnnotations, ToolCall } from '@mcpkit/core';
import {
  READ_ONLY_ANNOTATIONS,
  ToolError,
  byteLength,
  decodeCursor,
  defineTool,
  encodeCursor
} from '@mcpkit/core';
import { z } from 'zod';

import type { MemoryContext } from '../context.js';
import type { KnowledgeGraph } from '../store/graph.js';
import { cursorArgument, pageOf } from './page.js';
import { graphOutput, modeArgument, namespaceArgument, names } from './schemas.js';

const READS: ToolAnnotations = READ_ONLY_ANNOTATIONS;

const DEFAULT_SEARCH_LIMIT = 20;

const searchPosition = z.object({ offset: z.number().int().min(0), query: z.string() });

const renderGraph = (graph: z.output<typeof graphOutput>) => JSON.stringify(graph, null, 2);

type Mode = z.output<typeof modeArgument>;

interface ProjectedEntity {
  name: string;
  entityType?: string;
  observations?: string[];
  observationCount?: number;
}

/** Each entity as the mode asks for it. */
function project(
  graph: KnowledgeGraph,
  mode: Mode
): { entities: ProjectedEntity[]; relations: KnowledgeGraph['relations'] } {
  const entities: ProjectedEntity[] =
    mode === 'full'
      ? graph.entities
      : graph.entities.map(entity =>
          mode === 'names'
            ? { name: entity.name }
            : {
                name: entity.name,
                entityType: entity.entityType,
                observationCount: entity.observations.length
              }
        );
  return { entities, relations: graph.relations };
}

/** A page of `graph`, in the requested mode, within the call's budget (the pretty text is the larger). */
function bounded(
  graph: KnowledgeGraph,
  call: ToolCall<MemoryContext>,
  page: { cursor: string | undefined; mode: Mode }
) {
  return pageOf(project(graph, page.mode), {
    cursor: page.cursor,
    maxBytes: Math.floor(call.maxOutputBytes / 2) - 1024,
    measure: byteLength
  });
}

export const readGraphTool: Tool<MemoryContext> = defineTool({
  name: 'read_graph',
  title: 'Read Graph',
  description:
    'Read the knowledge graph: entities in creation order with the relations touching them. Large graphs come back in pages that fit the output budget; pass nextCursor to continue. Prefer search_nodes or open_nodes for specific information.',
  input: z.object({ cursor: cursorArgument, mode: modeArgument, namespace: namespaceArgument }),
  output: graphOutput,
  annotations: READS,
  async handler(args, call) {
    return bounded(await call.context.store.readGraph(args.namespace ?? call.context.namespace), call, {
      cursor: args.cursor,
      mode: args.mode
    });
  },
  render: renderGraph
});

/** The offset a search cursor continues from; a cursor from another query is refused. */
function searchOffset(cursor: string, query: string): number {
  const position = decodeCursor(cursor, searchPosition);
  if (position.query !== query) {
    throw new ToolError('INVALID_CURSOR', 'This cursor belongs to a search for a different query.', {
      hint: 'Repeat the same query with its cursor, or omit cursor to start a new search.'
    });
  }
  return position.offset;
}

export const searchNodesTool: Tool<MemoryContext> = defineTool({
  name: 'search_nodes',
  title: 'Search Nodes',
  description: `Search for nodes in the knowledge graph, with the relations touching them. Finds entities whose name, type or an observation contains the query (case-insensitive), and also entities whose text has every word of the query at the start of a word, in any order ("alice coff" finds Alice who "drinks coffee"). Ranked: exact name matches first, then type, then observation, then word matches; within each, names holding more query words, then recently changed. Returns at most \`limit\` entities (default ${DEFAULT_SEARCH_LIMIT}); truncated and nextCursor say when more matched.`,
  input: z.object({
    query: z
      .string()
      .min(1)
      .max(500)
      .describe('The search query to match against entity names, types, and observation content'),
    limit: z.number().int().min(1).max(500).default(DEFAULT_SEARCH_LIMIT).describe('Most entities per page'),
    cursor: cursorArgument,
    mode: modeArgument,
    namespace: namespaceArgument
  }),
  output: graphOutput,
  annotations: READS,
  async handler(args, call) {
    const offset = args.cursor === undefined ? 0 : searchOffset(args.cursor, args.query);
    const found = await call.context.store.searchNodes(args.namespace ?? call.context.namespace, args.query, {
      offset,
      limit: args.limit
    });
    const page = bounded({ entities: found.entities, relations: found.relations }, call, {
      cursor: undefined,
      mode: args.mode
    });
    // Whatever the budget left out of this page starts the next one.
    const next = offset + page.entities.length;
    return next < found.total
      ? { ...page, nextCursor: encodeCursor({ offset: next, query: args.query }), truncated: true }
      : { entities: page.entities, relations: page.relations };
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
    mode: modeArgument,
    namespace: namespaceArgument
  }),
  output: graphOutput,
  annotations: READS,
  async handler(args, call) {
    return bounded(
      await call.context.store.openNodes(args.namespace ?? call.context.namespace, args.names),
      call,
      { cursor: args.cursor, mode: args.mode }
    );
  },
  render: renderGraph
});

export const readTools: readonly Tool<MemoryContext>[] = [readGraphTool, searchNodesTool, openNodesTool];
