import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ToolError } from '../errors/tool-error.js';
import { byteLength } from './byte-length.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { paginate } from './paginate.js';
import { truncateText } from './truncate-text.js';

describe('truncateText', () => {
  it('keeps text within the budget untouched', () => {
    expect(truncateText('hello', 5)).toEqual({
      text: 'hello',
      truncated: false,
      returnedBytes: 5,
      totalBytes: 5
    });
  });

  it('never splits a multi-byte character', () => {
    const result = truncateText('aé€😀', 6); // 1 + 2 + 3 + 4 bytes
    expect(result).toMatchObject({ text: 'aé€', truncated: true, returnedBytes: 6, totalBytes: 10 });
    expect(truncateText('😀😀', 5).text).toBe('😀');
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 10 }, (_, index) => ({ index, name: `item-${index}` }));

  it('stops at the item limit and says where to continue', () => {
    expect(paginate(items, { offset: 0, limit: 3, maxBytes: 10_000 })).toEqual({
      items: items.slice(0, 3),
      nextOffset: 3,
      cutByBudget: false
    });
  });

  it('stops at the byte budget', () => {
    const page = paginate(items, { offset: 2, limit: 100, maxBytes: 80 });
    expect(page.cutByBudget).toBe(true);
    expect(byteLength(page.items)).toBeLessThanOrEqual(80);
    expect(page.nextOffset).toBe(2 + page.items.length);
  });

  it('omits nextOffset on the last page', () => {
    expect(paginate(items, { offset: 8, limit: 5, maxBytes: 10_000 }).nextOffset).toBeUndefined();
  });
});

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
