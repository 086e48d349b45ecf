import { READ_ONLY_ANNOTATIONS } from '@mcpkit/core';
import { z } from 'zod';

import { namespaceOf } from './graph-reply.js';
import { namespaceArgument } from './schemas.js';
import { define } from './define.js';

const SEARCH_READS = {
  memory: 'the index in memory',
  loading: 'the database while the index loads',
  database: 'the database'
} as const;

export const graphStatsTool = define.tool({
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
    lastUpdated: z.string().optional().describe('ISO 8601'),
    searchIndex: z
      .enum(['memory', 'loading', 'database'])
      .describe(
        "Where search_nodes reads: 'memory' (this server's index, caught up with every change before each search), 'loading' (the database, until the index being loaded is ready) or 'database' (the index is off, the graph is larger than --search-memory-mb, or it was not searched yet)"
      )
  }),
  annotations: READ_ONLY_ANNOTATIONS,
  handler: (args, call) => call.context.maintenance.stats(namespaceOf(args, call)),
  render: result =>
    `${result.entities} entities, ${result.observations} observations, ${result.relations} relations` +
    (result.entityTypes.length > 0
      ? `\nTypes: ${result.entityTypes.map(type => `${type.entityType} (${type.count})`).join(', ')}`
      : '') +
    (result.lastUpdated ? `\nLast change: ${result.lastUpdated}` : '') +
    `\nSearch reads: ${SEARCH_READS[result.searchIndex]}`
});
