import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import {
  BATCH,
  OBSERVATIONS_PER_CALL,
  entityName,
  namespaceArgument,
  observationText,
  successOutput
} from './schemas.js';
import { define } from './define.js';

export const deleteObservationsTool = define.tool({
  name: 'delete_observations',
  title: 'Delete Observations',
  description:
    'Delete specific observations from entities in the knowledge graph. Unknown entities and observations are ignored.',
  input: z.object({
    deletions: z
      .array(
        z.object({
          entityName: entityName.describe('The name of the entity containing the observations'),
          observations: z
            .array(observationText)
            .max(OBSERVATIONS_PER_CALL)
            .describe('An array of observations to delete')
        })
      )
      .max(BATCH)
      .describe('Observations to delete, per entity'),
    namespace: namespaceArgument
  }),
  output: successOutput,
  annotations: changingAnnotations({ destructive: true, idempotent: true }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    await changeGraph(call, namespace, () =>
      call.context.store.deleteObservations(namespace, args.deletions)
    );
    return { success: true, message: 'Observations deleted successfully' };
  },
  render: result => result.message
});
