import type { ToolCall } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';
import { toToolError } from '../context.js';

/** The default namespace's graph, as JSON (the official resource). */
export const GRAPH_URI = 'memory://knowledge-graph';
/** The default namespace's graph in the official memory.jsonl format. */
export const EXPORT_URI = 'memory://knowledge-graph.jsonl';

/**
 * Runs one change to the graph: a failure the model can fix becomes a ToolError, and a change to
 * the server's namespace is announced to subscribers of its resources (in both protocol eras).
 * Changes other processes commit reach them through the change feed.
 */
export async function changeGraph<T>(
  call: ToolCall<MemoryContext>,
  namespace: string,
  work: () => Promise<T>
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    throw toToolError(error);
  }
  if (namespace === call.context.namespace) {
    call.notify.resourceUpdated(GRAPH_URI);
    call.notify.resourceUpdated(EXPORT_URI);
  }
  return result;
}
