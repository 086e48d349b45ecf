import { READ_ONLY_ANNOTATIONS } from '@mcpkit/core';
import { z } from 'zod';

import { readGraphPage } from '../pages/read-graph-page.js';
import { walkCursor } from './graph-cursor.js';
import { namespaceOf, pagedRead, renderGraph } from './graph-reply.js';
import { graphOutput, pagedReadArguments } from './schemas.js';
import { define } from './define.js';

const cursors = walkCursor('read_graph');

export const readGraphTool = define.tool({
  name: 'read_graph',
  title: 'Read Graph',
  description:
    'Read the knowledge graph: every entity in creation order with its observations, then every relation. A large graph comes back in pages that fit the output budget (an entity too large for one page continues on the next, marked); pass nextCursor to continue until there is none. Prefer search_nodes or open_nodes for specific information, and mode "names" or "summary" for an overview.',
  input: z.object(pagedReadArguments),
  output: graphOutput,
  annotations: READ_ONLY_ANNOTATIONS,
  handler(args, call) {
    const namespace = namespaceOf(args, call);
    return pagedRead(cursors, { scope: { namespace }, cursor: args.cursor }, position =>
      readGraphPage(call.context.database, {
        namespace,
        ...(position === undefined ? {} : { position }),
        maxOutputBytes: call.maxOutputBytes,
        mode: args.mode
      })
    );
  },
  render: renderGraph
});
