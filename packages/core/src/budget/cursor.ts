import type { z } from 'zod';

import { ToolError } from '../errors/tool-error.js';

const VERSION = 1;

/**
 * Encodes a pagination position as an opaque cursor string. Clients must treat it as opaque; the
 * version prefix lets a server change the payload shape without misreading old cursors.
 */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify({ v: VERSION, p: position }), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} and validates its payload with `schema`. A cursor
 * that was tampered with, truncated or made by another tool is a {@link ToolError} telling the model
 * to start again without it.
 */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      v?: unknown;
      p?: unknown;
    };
    if (decoded.v === VERSION) {
      const parsed = schema.safeParse(decoded.p);
      if (parsed.success) return parsed.data;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** The refusal of a cursor that is not one (tampered with, cut short, or of another shape). */
export function invalidCursor(): ToolError {
  return new ToolError('INVALID_CURSOR', 'The cursor is not valid for this request.', {
    hint: 'Pass back the exact nextCursor from the previous result of the same call, or omit cursor to start from the beginning.'
  });
}
