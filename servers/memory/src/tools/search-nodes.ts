import { READ_ONLY_ANNOTATIONS } from '@mcpkit/core';
import { z } from 'zod';

import { readGraphPage } from '../pages/read-graph-page.js';
import { searchPage } from '../pages/search-page.js';
import { LIMITS, unstorable } from '../store/limits.js';
import { searchCursor, walkCursor } from './graph-cursor.js';
import { namespaceOf, pagedRead, renderGraph } from './graph-reply.js';
import { graphOutput, pagedReadArguments } from './schemas.js';
import { define } from './define.js';

const DEFAULT_LIMIT = 20;

const ranked = searchCursor('search_nodes');
/** An empty query lists every entity, as the official server's does: a walk like read_graph's. */
const everything = walkCursor('search_nodes');

export const searchNodesTool = define.tool({
  name: 'search_nodes',
  title: 'Search Nodes',
  description: `Search for nodes in the knowledge graph, with the relations touching them. Finds entities whose name, type or an observation contains the query (case-insensitive), and also entities whose text has every word of the query at the start of a word, in any order ("alice coff" finds Alice who "drinks coffee"). Ranked: name matches first, then type, then observation, then word matches; within each, names holding more query words, then the most recently changed. Returns at most \`limit\` entities (default ${DEFAULT_LIMIT}); nextCursor continues. An empty query lists every entity in creation order.`,
  input: z.object({
    query: z
      .string()
      .max(LIMITS.nameChars)
      .refine(query => unstorable(query) === undefined, {
        message: 'must be text: no NUL character and no lone surrogate'
      })
      .describe('The search query to match against entity names, types, and observation content'),
    limit: z.number().int().min(1).max(500).default(DEFAULT_LIMIT).describe('Most entities per page'),
    ...pagedReadArguments
  }),
  output: graphOutput,
  annotations: READ_ONLY_ANNOTATIONS,
  handler(args, call) {
    const namespace = namespaceOf(args, call);
    const request = { scope: { namespace, query: args.query }, cursor: args.cursor };
    const page = { namespace, maxOutputBytes: call.maxOutputBytes, mode: args.mode };
    if (args.query === '') {
      return pagedRead(everything, request, position =>
        readGraphPage(call.context.database, { ...page, ...(position === undefined ? {} : { position }) })
      );
    }
    return pagedRead(ranked, request, position =>
      searchPage(call.context.database, {
        ...page,
        query: args.query,
        limit: args.limit,
        ...(position === undefined ? {} : { position })
      })
    );
  },
  render: renderGraph
});
