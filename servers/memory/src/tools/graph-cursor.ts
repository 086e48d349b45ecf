import { createHash } from 'node:crypto';

import { ToolError, decodeCursor, encodeCursor } from '@mcpkit/core';
import { z } from 'zod';

import type { WalkPosition } from '../pages/positions.js';
import type { SearchPosition } from '../pages/search-page.js';

const count = z.number().int().min(0);

const walkPayload = z.union([
  z.object({ p: z.literal('e'), e: count, o: count.optional(), x: count.optional() }),
  z.object({ p: z.literal('r'), r: count })
]);

const searchPayload = z.object({
  c: count,
  u: z.string().max(40),
  i: count,
  o: count.optional(),
  x: count.optional()
});

const envelope = z.object({ t: z.string(), s: z.string(), w: z.unknown() });

/** A short fingerprint of what a cursor was made for (tool arguments besides cursor and mode). */
function fingerprint(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);
}

/**
 * Cursors of one tool: opaque, keyset positions (entity, observation and relation ids, or a
 * search rank key), so a walk never skips or repeats what other clients leave unchanged, and scoped
 * to the tool and the arguments they were made for: another tool's cursor, or one made for another
 * query, names list or namespace, is refused with INVALID_CURSOR.
 */
function scopedCursor<Position>(tool: string, payload: z.ZodType<Position>) {
  return {
    encode(scope: unknown, position: Position): string {
      return encodeCursor({ t: tool, s: fingerprint(scope), w: position });
    },
    decode(cursor: string, scope: unknown): Position {
      const decoded = decodeCursor(cursor, envelope);
      if (decoded.t !== tool) {
        throw new ToolError('INVALID_CURSOR', `This cursor is from ${decoded.t}, not ${tool}.`, {
          hint: `Pass ${tool} only cursors it returned, or omit cursor to start from the beginning.`
        });
      }
      if (decoded.s !== fingerprint(scope)) {
        throw new ToolError(
          'INVALID_CURSOR',
          `This cursor was made for a ${tool} call with other arguments.`,
          {
            hint: 'Repeat the call with the same arguments (query, names, namespace) and its cursor, or omit cursor to start again.'
          }
        );
      }
      const parsed = payload.safeParse(decoded.w);
      if (!parsed.success) {
        throw new ToolError('INVALID_CURSOR', 'The cursor is not valid for this request.', {
          hint: 'Pass back the exact nextCursor from the previous result, or omit cursor to start from the beginning.'
        });
      }
      return parsed.data;
    }
  };
}

/** Cursors of a walk through entities then relations (read_graph, open_nodes). */
export function walkCursor(tool: string) {
  const cursor = scopedCursor(tool, walkPayload);
  return {
    encode: (scope: unknown, position: WalkPosition): string =>
      cursor.encode(
        scope,
        position.phase === 'relations'
          ? { p: 'r', r: position.relationId }
          : {
              p: 'e',
              e: position.entityId,
              ...(position.observationId === undefined ? {} : { o: position.observationId }),
              ...(position.offset === undefined ? {} : { x: position.offset })
            }
      ),
    decode: (value: string, scope: unknown): WalkPosition => {
      const position = cursor.decode(value, scope);
      return position.p === 'r'
        ? { phase: 'relations', relationId: position.r }
        : {
            phase: 'entities',
            entityId: position.e,
            ...(position.o === undefined ? {} : { observationId: position.o }),
            ...(position.x === undefined ? {} : { offset: position.x })
          };
    }
  };
}

/** Cursors of a ranked search. */
export function searchCursor(tool: string) {
  const cursor = scopedCursor(tool, searchPayload);
  return {
    encode: (scope: unknown, position: SearchPosition): string =>
      cursor.encode(scope, {
        c: position.after.classIndex,
        u: position.after.updatedAt,
        i: position.after.id,
        ...(position.inside?.observationId === undefined ? {} : { o: position.inside.observationId }),
        ...(position.inside?.offset === undefined ? {} : { x: position.inside.offset })
      }),
    decode: (value: string, scope: unknown): SearchPosition => {
      const position = cursor.decode(value, scope);
      const after = { classIndex: position.c, updatedAt: position.u, id: position.i };
      return position.o === undefined
        ? { after }
        : {
            after,
            inside: {
              entityId: position.i,
              observationId: position.o,
              ...(position.x === undefined ? {} : { offset: position.x })
            }
          };
    }
  };
}
