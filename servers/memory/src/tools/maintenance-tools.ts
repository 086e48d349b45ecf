import type { Tool, ToolAnnotations } from '@mcpkit/core';
import { READ_ONLY_ANNOTATIONS, changingAnnotations, defineTool } from '@mcpkit/core';
import { z } from 'zod';

import type { MemoryContext } from '../context.js';
import { namespaceArgument, names } from './schemas.js';
import { changeGraph } from './change-graph.js';

const entityName = (what: string) => z.string().min(1).max(500).describe(what);

export const renameEntityTool: Tool<MemoryContext> = defineTool({
  name: 'rename_entity',
  title: 'Rename Entity',
  description:
    'Rename an entity; its observations and relations follow it. Fails (changing nothing) when the new name is taken — use merge_entities to combine two entities.',
  input: z.object({
    from: entityName('The current name'),
    to: entityName('The new name'),
    namespace: namespaceArgument
  }),
  output: z.object({ from: z.string(), to: z.string() }),
  annotations: changingAnnotations({ destructive: false, idempotent: false }),
  async handler(args, call) {
    await changeGraph(call, () =>
      call.context.maintenance.renameEntity(args.namespace ?? call.context.namespace, args)
    );
    return { from: args.from, to: args.to };
  },
  render: result => `Renamed ${result.from} to ${result.to}.`
});

export const mergeEntitiesTool: Tool<MemoryContext> = defineTool({
  name: 'merge_entities',
  title: 'Merge Entities',
  description:
    'Merge duplicate entities into one, atomically: the sources’ observations move to the target (each once), their relations are re-pointed to it (duplicates dropped), and the sources are deleted.',
  input: z.object({
    into: entityName('The entity that remains'),
    sources: names('Entities to merge into it and delete').min(1),
    namespace: namespaceArgument
  }),
  output: z.object({
    into: z.string(),
    merged: z.number().int().describe('How many entities were merged in')
  }),
  annotations: changingAnnotations({ destructive: true, idempotent: false }),
  async handler(args, call) {
    const { merged } = await changeGraph(call, () =>
      call.context.maintenance.mergeEntities(args.namespace ?? call.context.namespace, {
        into: args.into,
        sources: args.sources
      })
    );
    return { into: args.into, merged };
  },
  render: result => `Merged ${result.merged} entit${result.merged === 1 ? 'y' : 'ies'} into ${result.into}.`
});

const READS: ToolAnnotations = READ_ONLY_ANNOTATIONS;

export const graphStatsTool: Tool<MemoryContext> = defineTool({
  name: 'graph_stats',
  title: 'Graph Statistics',
  description:
    'Summarise the knowledge graph without reading it: how many entities, observations and relations, the most common entity types, and when it last changed.',
  input: z.object({ namespace: namespaceArgument }),
  output: z.object({
    entities: z.number().int(),
    observations: z.number().int(),
    relations: z.number().int(),
    entityTypes: z
      .array(z.object({ entityType: z.string(), count: z.number().int() }))
      .describe('Most common first'),
    lastUpdated: z.string().optional().describe('ISO 8601')
  }),
  annotations: READS,
  handler: (args, call) => call.context.maintenance.stats(args.namespace ?? call.context.namespace),
  render: result =>
    `${result.entities} entities, ${result.observations} observations, ${result.relations} relations` +
    (result.entityTypes.length > 0
      ? `\nTypes: ${result.entityTypes.map(type => `${type.entityType} (${type.count})`).join(', ')}`
      : '') +
    (result.lastUpdated ? `\nLast change: ${result.lastUpdated}` : '')
});

export const recentChangesTool: Tool<MemoryContext> = defineTool({
  name: 'recent_changes',
  title: 'Recent Changes',
  description:
    'List the entities changed most recently (created, renamed, merged into, or given or stripped of observations), newest first, optionally only since a time. Use open_nodes to read them.',
  input: z.object({
    since: z.iso.datetime().max(40).optional().describe('Only changes at or after this time (ISO 8601)'),
    limit: z.number().int().min(1).max(500).default(20).describe('Most entities to list'),
    namespace: namespaceArgument
  }),
  output: z.object({
    entities: z
      .array(z.object({ name: z.string(), entityType: z.string(), updatedAt: z.string() }))
      .describe('Newest first')
  }),
  annotations: READS,
  async handler(args, call) {
    const entities = await call.context.maintenance.recentChanges(args.namespace ?? call.context.namespace, {
      limit: args.limit,
      ...(args.since === undefined ? {} : { since: new Date(args.since).toISOString() })
    });
    return { entities };
  },
  render: result =>
    result.entities.length === 0
      ? 'No changes.'
      : result.entities.map(entity => `${entity.updatedAt}  ${entity.name} (${entity.entityType})`).join('\n')
});

export const maintenanceTools: readonly Tool<MemoryContext>[] = [
  renameEntityTool,
  mergeEntitiesTool,
  graphStatsTool,
  recentChangesTool
];
