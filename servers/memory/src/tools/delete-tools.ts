import type { Tool, ToolAnnotations } from '@mcpkit/core';
import { changingAnnotations, defineTool } from '@mcpkit/core';
import { z } from 'zod';

import type { MemoryContext } from '../context.js';
import {
  BATCH,
  entityName,
  names,
  namespaceArgument,
  observationText,
  relationSchema,
  successOutput
} from './schemas.js';
import { changeGraph } from './change-graph.js';

const REMOVES: ToolAnnotations = changingAnnotations({ destructive: true, idempotent: true });

export const deleteEntitiesTool: Tool<MemoryContext> = defineTool({
  name: 'delete_entities',
  title: 'Delete Entities',
  description:
    'Delete multiple entities and their associated relations and observations from the knowledge graph. Unknown names are ignored. There is no undo.',
  input: z.object({ entityNames: names('An array of entity names to delete'), namespace: namespaceArgument }),
  output: successOutput,
  annotations: REMOVES,
  async handler(args, call) {
    await changeGraph(call, () =>
      call.context.store.deleteEntities(args.namespace ?? call.context.namespace, args.entityNames)
    );
    return { success: true, message: 'Entities deleted successfully' };
  },
  render: result => result.message
});

export const deleteObservationsTool: Tool<MemoryContext> = defineTool({
  name: 'delete_observations',
  title: 'Delete Observations',
  description:
    'Delete specific observations from entities in the knowledge graph. Unknown entities and observations are ignored.',
  input: z.object({
    deletions: z
      .array(
        z.object({
          entityName: entityName.describe('The name of the entity containing the observations'),
          observations: z.array(observationText).max(1000).describe('An array of observations to delete')
        })
      )
      .max(BATCH)
      .describe('Observations to delete, per entity'),
    namespace: namespaceArgument
  }),
  output: successOutput,
  annotations: REMOVES,
  async handler(args, call) {
    await changeGraph(call, () =>
      call.context.store.deleteObservations(args.namespace ?? call.context.namespace, args.deletions)
    );
    return { success: true, message: 'Observations deleted successfully' };
  },
  render: result => result.message
});

export const deleteRelationsTool: Tool<MemoryContext> = defineTool({
  name: 'delete_relations',
  title: 'Delete Relations',
  description: 'Delete multiple relations from the knowledge graph. Unknown relations are ignored.',
  input: z.object({
    relations: z.array(relationSchema).max(BATCH).describe('An array of relations to delete'),
    namespace: namespaceArgument
  }),
  output: successOutput,
  annotations: REMOVES,
  async handler(args, call) {
    await changeGraph(call, () =>
      call.context.store.deleteRelations(args.namespace ?? call.context.namespace, args.relations)
    );
    return { success: true, message: 'Relations deleted successfully' };
  },
  render: result => result.message
});

export const deleteTools: readonly Tool<MemoryContext>[] = [
  deleteEntitiesTool,
  deleteObservationsTool,
  deleteRelationsTool
];
