import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { BATCH, namespaceArgument, relationSchema, successOutput } from './schemas.js';
import { define } from './define.js';

export const deleteRelationsTool = define.tool({
  name: 'delete_relations',
  title: 'Delete Relations',
  description: 'Delete multiple relations from the knowledge graph. Unknown relations are ignored.',
  input: z.object({
    relations: z.array(relationSchema).max(BATCH).describe('An array of relations to delete'),
    namespace: namespaceArgument
  }),
  output: successOutput,
  annotations: changingAnnotations({ destructive: true, idempotent: true }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    await changeGraph(call, namespace, () => call.context.store.deleteRelations(namespace, args.relations));
    return { success: true, message: 'Relations deleted successfully' };
  },
  render: result => result.message
});
