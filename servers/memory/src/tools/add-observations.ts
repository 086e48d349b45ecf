import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { COUNTED, listed, withCount } from './listed.js';
import { BATCH, OBSERVATIONS_PER_CALL, entityName, namespaceArgument, observationText } from './schemas.js';
import { define } from './define.js';

export const addObservationsTool = define.tool({
  name: 'add_observations',
  title: 'Add Observations',
  description:
    'Add new observations to existing entities in the knowledge graph. Observations an entity already has are skipped; an unknown entity fails the whole call with nothing added.',
  input: z.object({
    observations: z
      .array(
        z.object({
          entityName: entityName.describe('The name of the entity to add the observations to'),
          contents: z
            .array(observationText)
            .max(OBSERVATIONS_PER_CALL)
            .describe('An array of observation contents to add')
        })
      )
      .max(BATCH)
      .describe('Observations to add, per entity'),
    namespace: namespaceArgument
  }),
  output: z.object({
    results: z
      .array(z.object({ entityName: z.string(), addedObservations: z.array(z.string()) }))
      .describe('Per entity, the observations actually added (the first entities, when truncated)'),
    ...COUNTED
  }),
  annotations: changingAnnotations({ destructive: false, idempotent: false }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    const results = await changeGraph(call, namespace, () =>
      call.context.store.addObservations(namespace, args.observations)
    );
    const { items, ...counted } = listed(results, call.maxOutputBytes);
    return { results: items, ...counted };
  },
  render: result => withCount(result.results, result)
});
