import type { Tool, ToolAnnotations } from '@mcpkit/core';
import { changingAnnotations, byteLength, defineTool } from '@mcpkit/core';
import { z } from 'zod';

import type { MemoryContext } from '../context.js';
import { changeGraph } from './change-graph.js';
import { fitList } from './page.js';
import {
  BATCH,
  entityName,
  entitySchema,
  namespaceArgument,
  observationText,
  relationSchema
} from './schemas.js';

/** How a large successful batch is reported: the full count, and a listing cut to the budget. */
const COUNTED = {
  count: z.number().int().optional().describe('How many were created or updated in all'),
  truncated: z
    .boolean()
    .optional()
    .describe('True when the listing was cut to fit the output budget; the write itself succeeded in full')
};

/** The listing of a successful write, cut to the call's budget (the pretty text is the larger). */
function listed<T>(
  items: readonly T[],
  maxOutputBytes: number
): { items: T[]; count?: number; truncated?: boolean } {
  const fitted = fitList(items, Math.floor(maxOutputBytes / 2) - 1024, byteLength);
  return fitted.truncated
    ? { items: fitted.items, count: items.length, truncated: true }
    : { items: fitted.items };
}

const ADDS: ToolAnnotations = changingAnnotations({ destructive: false, idempotent: false });

export const createEntitiesTool: Tool<MemoryContext> = defineTool({
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
  annotations: ADDS,
  async handler(args, call) {
    const entities = await changeGraph(call, () =>
      call.context.store.createEntities(args.namespace ?? call.context.namespace, args.entities)
    );
    const { items, ...counted } = listed(entities, call.maxOutputBytes);
    return { entities: items, ...counted };
  },
  render: result => withCount(result.entities, result)
});

export const createRelationsTool: Tool<MemoryContext> = defineTool({
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
  annotations: ADDS,
  async handler(args, call) {
    const relations = await changeGraph(call, () =>
      call.context.store.createRelations(args.namespace ?? call.context.namespace, args.relations)
    );
    const { items, ...counted } = listed(relations, call.maxOutputBytes);
    return { relations: items, ...counted };
  },
  render: result => withCount(result.relations, result)
});

export const addObservationsTool: Tool<MemoryContext> = defineTool({
  name: 'add_observations',
  title: 'Add Observations',
  description:
    'Add new observations to existing entities in the knowledge graph. Observations an entity already has are skipped; an unknown entity fails the whole call with nothing added.',
  input: z.object({
    observations: z
      .array(
        z.object({
          entityName: entityName.describe('The name of the entity to add the observations to'),
          contents: z.array(observationText).max(1000).describe('An array of observation contents to add')
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
  annotations: ADDS,
  async handler(args, call) {
    const results = await changeGraph(call, () =>
      call.context.store.addObservations(args.namespace ?? call.context.namespace, args.observations)
    );
    const { items, ...counted } = listed(results, call.maxOutputBytes);
    return { results: items, ...counted };
  },
  render: result => withCount(result.results, result)
});

/** The official rendering (pretty JSON of the list), with a note when the listing was cut. */
function withCount(items: unknown[], result: { count?: number; truncated?: boolean }): string {
  const text = JSON.stringify(items, null, 2);
  return result.truncated
    ? `${text}\n[${result.count} in all; the listing shows the first ${items.length}. All were written.]`
    : text;
}

export const writeTools: readonly Tool<MemoryContext>[] = [
  createEntitiesTool,
  createRelationsTool,
  addObservationsTool
];
