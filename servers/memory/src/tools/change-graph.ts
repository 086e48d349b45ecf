import type { ToolCall } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';
import { toToolError } from '../context.js';

export const GRAPH_URI = 'memory://knowledge-graph';

/**
 * Runs one change to the graph: a failure the model can fix becomes a ToolError, and a success is
 * announced to subscribers of the graph resource (in both protocol eras).
 */
export async function changeGraph<T>(call: ToolCall<MemoryContext>, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    throw toToolError(error);
  }
  call.notify.resourceUpdated(GRAPH_URI);
  return result;
}
