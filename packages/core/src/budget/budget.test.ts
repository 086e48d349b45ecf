import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ToolError } from '../errors/tool-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursors', () => {
  const position = z.object({ offset: z.number().int().min(0) });

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor({ offset: 42 }), position)).toEqual({ offset: 42 });
  });

  it.each([
    '',
    'not-base64!',
    encodeCursor({ offset: -1 }),
    Buffer.from('{"v":99,"p":{}}').toString('base64url')
  ])('rejects the invalid cursor %j with a ToolError telling how to recover', cursor => {
    let caught: unknown;
    try {
      decodeCursor(cursor, position);
    } catch (error) {
      caught = error;
    }
    expect(ToolError.isInstance(caught)).toBe(true);
    expect((caught as ToolError).code).toBe('INVALID_CURSOR');
    expect((caught as ToolError).hint).toContain('omit cursor');
  });
});
