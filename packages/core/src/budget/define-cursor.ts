import { createHash } from 'node:crypto';

import { z } from 'zod';

import { ToolError } from '../errors/tool-error.js';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.js';

/** The one `cursor` argument of every paged tool. */
export const cursorArgument = z
  .string()
  .max(1024)
  .optional()
  .describe(
    'Opaque cursor from a previous result’s nextCursor of the same tool and arguments, to continue where it stopped.'
  );

/** A paged tool's cursors: see {@link defineCursor}. */
export interface ToolCursor<Position> {
  /** The cursor for `position` of a call whose query was `scope`. */
  encode(position: Position, scope: unknown): string;
  /**
   * The position a cursor holds, for a call whose query is `scope`. A cursor of another tool, of a
   * call with another query, or one tampered with is a ToolError (`INVALID_CURSOR`) saying so.
   */
  decode(cursor: string, scope: unknown): Position;
}

const envelope = z.object({ t: z.string().max(64), s: z.string().max(16), w: z.unknown() });

/** A short fingerprint of what a cursor was made for. */
function fingerprint(scope: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(scope) ?? 'undefined')
    .digest('base64url')
    .slice(0, 12);
}

/**
 * The cursors of one paged tool: opaque positions (validated by `position` when they come back),
 * scoped to the tool and to the query they were made for. `scope` is whatever the call's answer
 * depends on besides the page: for a search its query and filters, for a listing its path; not
 * `cursor` or `limit`. So a cursor from another tool, or from a call for something else, is
 * refused instead of read as a position of this one.
 */
export function defineCursor<Position>(tool: string, position: z.ZodType<Position>): ToolCursor<Position> {
  return {
    encode: (at, scope) => encodeCursor({ t: tool, s: fingerprint(scope), w: at }),
    decode(cursor, scope) {
      const decoded = decodeCursor(cursor, envelope);
      if (decoded.t !== tool) {
        throw new ToolError(
          'INVALID_CURSOR',
          `The cursor is not valid for ${tool}: it is a cursor of ${decoded.t}.`,
          {
            hint: `Pass ${tool} only cursors it returned, or omit cursor to start from the beginning.`
          }
        );
      }
      if (decoded.s !== fingerprint(scope)) {
        throw new ToolError(
          'INVALID_CURSOR',
          `The cursor is not valid for this ${tool} call: it was made for a call with other arguments.`,
          { hint: 'Repeat the call with the same arguments and its cursor, or omit cursor to start again.' }
        );
      }
      const parsed = position.safeParse(decoded.w);
      if (!parsed.success) throw invalidCursor();
      return parsed.data;
    }
  };
}
