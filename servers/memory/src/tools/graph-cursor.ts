import { defineCursor } from '@mcpkit/core';
import { z } from 'zod';

import type { WalkPosition } from '../pages/positions.js';
import type { SearchPosition } from '../pages/search-page.js';

// Cursors are keyset positions (entity, observation and relation ids, or a search rank key), so
// a walk never skips or repeats what other clients leave unchanged; core's defineCursor scopes
// them to the tool and the arguments they were made for.

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

/** Cursors of a walk through entities then relations (read_graph, open_nodes). */
export function walkCursor(tool: string) {
  const cursor = defineCursor(tool, walkPayload);
  return {
    encode: (scope: unknown, position: WalkPosition): string =>
      cursor.encode(
        position.phase === 'relations'
          ? { p: 'r', r: position.relationId }
          : {
              p: 'e',
              e: position.entityId,
              ...(position.observationId === undefined ? {} : { o: position.observationId }),
              ...(position.offset === undefined ? {} : { x: position.offset })
            },
        scope
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
  const cursor = defineCursor(tool, searchPayload);
  return {
    encode: (scope: unknown, position: SearchPosition): string =>
      cursor.encode(
        {
          c: position.after.classIndex,
          u: position.after.updatedAt,
          i: position.after.id,
          ...(position.inside?.observationId === undefined ? {} : { o: position.inside.observationId }),
          ...(position.inside?.offset === undefined ? {} : { x: position.inside.offset })
        },
        scope
      ),
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
