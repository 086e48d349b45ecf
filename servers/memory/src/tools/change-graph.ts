import type { ToolCall } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';

/** The default namespace's graph, as JSON (the official resource). */
export const GRAPH_URI = 'memory://knowledge-graph';
/** The default namespace's graph in the official memory.jsonl format. */
export const EXPORT_URI = 'memory://knowledge-graph.jsonl';

/**
 * Runs one change to the graph (a failure the model can fix is a ToolError already: see
 * store/errors.ts); a change to the server's namespace is announced to subscribers of its resources (in both protocol eras).
 * Changes other processes commit reach them through the change feed.
 */
export async function changeGraph<T>(
  call: ToolCall<MemoryContext>,
  namespace: string,
  work: () => Promise<T>
): Promise<T> {
  const result = await work();
  if (namespace === call.context.namespace) {
    call.notify.resourceUpdated(GRAPH_URI);
    call.notify.resourceUpdated(EXPORT_URI);
  }
  return result;
}
