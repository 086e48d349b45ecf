import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { names, namespaceArgument, successOutput } from './schemas.js';
import { define } from './define.js';

export const deleteEntitiesTool = define.tool({
  name: 'delete_entities',
  title: 'Delete Entities',
  description:
    'Delete multiple entities and their associated relations and observations from the knowledge graph. Unknown names are ignored. There is no undo.',
  input: z.object({ entityNames: names('An array of entity names to delete'), namespace: namespaceArgument }),
  output: successOutput,
  annotations: changingAnnotations({ destructive: true, idempotent: true }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    await changeGraph(call, namespace, () => call.context.store.deleteEntities(namespace, args.entityNames));
    return { success: true, message: 'Entities deleted successfully' };
  },
  render: result => result.message
});
