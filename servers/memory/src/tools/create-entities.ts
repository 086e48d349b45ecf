import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { COUNTED, listed, withCount } from './listed.js';
import { BATCH, entitySchema, namespaceArgument } from './schemas.js';
import { define } from './define.js';

export const createEntitiesTool = define.tool({
  name: 'create_entities',
  title: 'Create Entities',
  description:
    'Create multiple new entities in the knowledge graph. Names are unique: an entity whose name already exists is skipped (the result lists only those created).',
  input: z.object({
    entities: z.array(entitySchema).max(BATCH).describe('Entities to create'),
    namespace: namespaceArgument
  }),
  output: z.object({
    entities: z.array(entitySchema).describe('The entities created (the first ones, when truncated)'),
    ...COUNTED
  }),
  annotations: changingAnnotations({ destructive: false, idempotent: false }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    const entities = await changeGraph(call, namespace, () =>
      call.context.store.createEntities(namespace, args.entities)
    );
    const { items, ...counted } = listed(entities, call.maxOutputBytes);
    return { entities: items, ...counted };
  },
  render: result => withCount(result.entities, result)
});
