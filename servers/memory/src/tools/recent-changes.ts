import { READ_ONLY_ANNOTATIONS } from '@mcpkit/core';
import { z } from 'zod';

import { namespaceOf } from './graph-reply.js';
import { listed } from './listed.js';
import { namespaceArgument } from './schemas.js';
import { define } from './define.js';

export const recentChangesTool = define.tool({
  name: 'recent_changes',
  title: 'Recent Changes',
  description:
    'List the entities changed most recently (created, renamed, merged into, or given or stripped of observations), newest first, optionally only since a time. Use open_nodes to read them.',
  input: z.object({
    since: z.iso
      .datetime({ offset: true })
      .max(40)
      .optional()
      .describe(
        'Only changes at or after this time (ISO 8601, e.g. 2026-05-01T09:00:00Z or 2026-05-01T11:00:00+02:00)'
      ),
    limit: z.number().int().min(1).max(500).default(20).describe('Most entities to list'),
    namespace: namespaceArgument
  }),
  output: z.object({
    entities: z
      .array(z.object({ name: z.string(), entityType: z.string(), updatedAt: z.string() }))
      .describe('Newest first'),
    truncated: z
      .literal(true)
      .optional()
      .describe('True when the list was cut to fit the output budget: ask for a smaller limit')
  }),
  annotations: READ_ONLY_ANNOTATIONS,
  async handler(args, call) {
    const entities = await call.context.maintenance.recentChanges(namespaceOf(args, call), {
      limit: args.limit,
      ...(args.since === undefined ? {} : { since: new Date(args.since).toISOString() })
    });
    const { items, truncated } = listed(entities, call.maxOutputBytes);
    return { entities: items, ...(truncated ? { truncated } : {}) };
  },
  render: result =>
    result.entities.length === 0
      ? 'No changes.'
      : result.entities.map(entity => `${entity.updatedAt}  ${entity.name} (${entity.entityType})`).join('\n')
});
