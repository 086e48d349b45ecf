import type { Tool } from '@mcpkit/core';
import { READ_ONLY_ANNOTATIONS, defineTool } from '@mcpkit/core';
import { z } from 'zod';

import type { MemoryContext } from '../context.js';
import { namespaceOf } from './graph-reply.js';
import { namespaceArgument } from './schemas.js';

export const graphStatsTool: Tool<MemoryContext> = defineTool({
  name: 'graph_stats',
  title: 'Graph Statistics',
  description:
    'Summarise the knowledge graph without reading it: how many entities, observations and relations, the most common entity types, and when it last changed (any change, deletions included).',
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
  annotations: READ_ONLY_ANNOTATIONS,
  handler: (args, call) => call.context.maintenance.stats(namespaceOf(args, call)),
  render: result =>
    `${result.entities} entities, ${result.observations} observations, ${result.relations} relations` +
    (result.entityTypes.length > 0
      ? `\nTypes: ${result.entityTypes.map(type => `${type.entityType} (${type.count})`).join(', ')}`
      : '') +
    (result.lastUpdated ? `\nLast change: ${result.lastUpdated}` : '')
});
