import type { ToolCall } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';
import type { GraphPage } from '../pages/page-writer.js';
import type { GraphOutput } from './schemas.js';

/** The namespace a call works in: its own, or the server's. */
export const namespaceOf = (
  args: { namespace?: string | undefined },
  call: ToolCall<MemoryContext>
): string => args.namespace ?? call.context.namespace;

/** A tool's cursors: positions encoded for, and decoded only by, one tool and one set of arguments. */
export interface Cursors<Position> {
  encode(scope: unknown, position: Position): string;
  decode(cursor: string, scope: unknown): Position;
}

/**
 * One page of a read tool: the cursor (if any) decoded for `scope`, the page read from there,
 * and the next position encoded for the same scope. What every paged read tool does around its
 * own page function.
 */
export async function pagedRead<Position>(
  cursors: Cursors<Position>,
  request: { scope: unknown; cursor: string | undefined },
  read: (
    position: Position | undefined
  ) => Promise<{ page: GraphPage; next?: Position; relationsCut?: boolean }>
): Promise<GraphOutput> {
  const position = request.cursor === undefined ? undefined : cursors.decode(request.cursor, request.scope);
  const { page, next, relationsCut } = await read(position);
  return graphReply(page, {
    ...(next === undefined ? {} : { cursor: cursors.encode(request.scope, next) }),
    truncated: relationsCut ?? false
  });
}

/** A graph page as the read tools return it. */
export function graphReply(page: GraphPage, next: { cursor?: string; truncated: boolean }): GraphOutput {
  return {
    entities: page.entities,
    relations: page.relations,
    ...(next.cursor === undefined ? {} : { nextCursor: next.cursor }),
    ...(next.truncated || next.cursor !== undefined ? { truncated: true as const } : {})
  };
}

/**
 * The text rendering of a graph read: the same JSON as `structuredContent`, compact. It parses to
 * what the official server's pretty-printed text parses to, in about two thirds of the bytes, so a
 * page holds more of the graph.
 */
export const renderGraph = (output: GraphOutput): string => JSON.stringify(output);
