import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { entityName, names, namespaceArgument } from './schemas.js';
import { define } from './define.js';

export const mergeEntitiesTool = define.tool({
  name: 'merge_entities',
  title: 'Merge Entities',
  description:
    'Merge duplicate entities into one, atomically: the sources’ observations move to the target (each once, after its own), their relations are re-pointed to it (duplicates dropped), and the sources are deleted.',
  input: z.object({
    into: entityName.describe('The entity that remains'),
    sources: names('Entities to merge into it and delete').min(1),
    namespace: namespaceArgument
  }),
  output: z.object({
    into: z.string(),
    merged: z.number().int().describe('How many entities were merged in')
  }),
  annotations: changingAnnotations({ destructive: true, idempotent: false }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    const { merged } = await changeGraph(call, namespace, () =>
      call.context.maintenance.mergeEntities(namespace, { into: args.into, sources: args.sources })
    );
    return { into: args.into, merged };
  },
  render: result => `Merged ${result.merged} entit${result.merged === 1 ? 'y' : 'ies'} into ${result.into}.`
});
