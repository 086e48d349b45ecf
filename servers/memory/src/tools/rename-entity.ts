import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { changeGraph } from './change-graph.js';
import { namespaceOf } from './graph-reply.js';
import { entityName, namespaceArgument } from './schemas.js';
import { define } from './define.js';

export const renameEntityTool = define.tool({
  name: 'rename_entity',
  title: 'Rename Entity',
  description:
    'Rename an entity; its observations and relations follow it. Fails (changing nothing) when the new name is taken — use merge_entities to combine two entities.',
  input: z.object({
    from: entityName.describe('The current name'),
    to: entityName.describe('The new name'),
    namespace: namespaceArgument
  }),
  output: z.object({ from: z.string(), to: z.string() }),
  annotations: changingAnnotations({ destructive: false, idempotent: false }),
  async handler(args, call) {
    const namespace = namespaceOf(args, call);
    await changeGraph(call, namespace, () => call.context.maintenance.renameEntity(namespace, args));
    return { from: args.from, to: args.to };
  },
  render: result => `Renamed ${result.from} to ${result.to}.`
});
