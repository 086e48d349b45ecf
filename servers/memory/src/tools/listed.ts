import { fitPage, payloadRoom } from '@mcpkit/core';
import { z } from 'zod';

import { valueBytes } from '../pages/text-bytes.js';

/** How a large successful batch is reported: the full count, and a listing cut to the budget. */
export const COUNTED = {
  count: z.number().int().optional().describe('How many were created or updated in all'),
  truncated: z
    .literal(true)
    .optional()
    .describe('True when the listing was cut to fit the output budget; the write itself succeeded in full')
};

/** Room kept around the listing: the other fields and the content envelope. */
const ENVELOPE = 256;

/**
 * The listing of a successful write, cut to the call's budget as the client receives it (the text
 * rendering is the listing's JSON inside a content block), with the count when cut.
 */
export function listed<T>(
  items: readonly T[],
  maxOutputBytes: number
): { items: T[]; count?: number; truncated?: true } {
  // One rendering: the text is the listing's JSON, escaped (structuredContent is smaller).
  const page = fitPage(items, {
    offset: 0,
    limit: items.length,
    maxBytes: payloadRoom(maxOutputBytes, ENVELOPE),
    costs: item => [valueBytes(item) + 1]
  });
  return page.nextOffset === undefined
    ? { items: page.items }
    : { items: page.items, count: items.length, truncated: true };
}

/** The listing as compact JSON (what the official server pretty-prints), with a note when it was cut. */
export function withCount(
  items: unknown[],
  result: { count?: number | undefined; truncated?: true | undefined }
): string {
  const text = JSON.stringify(items);
  return result.truncated
    ? `${text}\n[${result.count} in all; the listing shows the first ${items.length}. All were written.]`
    : text;
}
