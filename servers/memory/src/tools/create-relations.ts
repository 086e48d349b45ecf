import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { COUNTED, listed, withCount } from './listed.js';
import { BATCH, namespaceArgument, relationSchema } from './schemas.js';
import { define } from './define.js';

export const createRelationsTool = define.tool({
  name: 'create_relations',
  title: 'Create Relations',
  description:
    'Create multiple new relations between existing entities in the knowledge graph. Relations should be in active voice. Both ends must exist (otherwise nothing is created and the error names the missing entities); existing relations are skipped.',
  input: z.object({
    relations: z.array(relationSchema).max(BATCH).describe('Relations to create'),
    namespace: namespaceArgument
  }),
  output: z.object({
    relations: z.array(relationSchema).describe('The relations created (the first ones, when truncated)'),
    ...COUNTED
  }),
  annotations: changingAnnotations({ destructive: false, idempotent: false }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    const relations = await changeGraph(call, namespace, () =>
      call.context.store.createRelations(namespace, args.relations)
    );
    const { items, ...counted } = listed(relations, call.maxOutputBytes);
    return { relations: items, ...counted };
  },
  render: result => withCount(result.relations, result)
});
