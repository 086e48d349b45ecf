import { READ_ONLY_ANNOTATIONS } from '@mcpkit/core';
import { z } from 'zod';

import { openNodesPage } from '../pages/open-nodes-page.js';
import { walkCursor } from './graph-cursor.js';
import { namespaceOf, pagedRead, renderGraph } from './graph-reply.js';
import { graphOutput, names, pagedReadArguments } from './schemas.js';
import { define } from './define.js';

const cursors = walkCursor('open_nodes');

export const openNodesTool = define.tool({
  name: 'open_nodes',
  title: 'Open Nodes',
  description:
    'Open specific nodes in the knowledge graph by their names: the entities (in creation order, as the official server returns them) with their observations, then every relation with an end among them. Unknown names are ignored. Large results come in pages: pass nextCursor, with the same names, to continue.',
  input: z.object({
    names: names('An array of entity names to retrieve'),
    ...pagedReadArguments
  }),
  output: graphOutput,
  annotations: READ_ONLY_ANNOTATIONS,
  handler(args, call) {
    const namespace = namespaceOf(args, call);
    return pagedRead(cursors, { scope: { namespace, names: args.names }, cursor: args.cursor }, position =>
      openNodesPage(call.context.database, {
        namespace,
        names: args.names,
        ...(position === undefined ? {} : { position }),
        maxOutputBytes: call.maxOutputBytes,
        mode: args.mode
      })
    );
  },
  render: renderGraph
});
