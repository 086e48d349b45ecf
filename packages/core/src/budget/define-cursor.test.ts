import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ToolError } from '../errors/tool-error.js';
import { encodeCursor } from './cursor.js';
import { defineCursor } from './define-cursor.js';

const offset = z.object({ offset: z.number().int().min(0) });
const search = defineCursor('search', offset);
const listing = defineCursor('listing', offset);

/** The ToolError a decode throws (fails the test when it does not throw one). */
function refusal(decode: () => unknown): ToolError {
  try {
    decode();
  } catch (error) {
    if (ToolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('decoded a cursor it should have refused');
}

describe('defineCursor', () => {
  it('gives back the position for the same tool and query', () => {
    const cursor = search.encode({ offset: 40 }, { query: 'tea', path: '/a' });
    expect(search.decode(cursor, { query: 'tea', path: '/a' })).toEqual({ offset: 40 });
  });

  it("refuses another tool's cursor, naming both", () => {
    const cursor = listing.encode({ offset: 2 }, { path: '/a' });
    const error = refusal(() => search.decode(cursor, { path: '/a' }));
    expect(error.code).toBe('INVALID_CURSOR');
    expect(error.message).toBe('The cursor is not valid for search: it is a cursor of listing.');
  });

  it('refuses a cursor made for other arguments', () => {
    const cursor = search.encode({ offset: 2 }, { query: 'tea' });
    for (const scope of [{ query: 'coffee' }, { query: 'tea', namespace: 'x' }, undefined]) {
      const error = refusal(() => search.decode(cursor, scope));
      expect(error.message).toMatch(/made for a call with other arguments/);
    }
  });

  it('refuses garbage, an old-style cursor and a position its schema rejects', () => {
    const scope = { query: 'tea' };
    const bad = ['garbage', encodeCursor({ offset: 3 }), search.encode({ offset: -1 }, scope)];
    for (const cursor of bad) expect(refusal(() => search.decode(cursor, scope)).code).toBe('INVALID_CURSOR');
  });
});
