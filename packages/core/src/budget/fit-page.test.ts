import { describe, expect, it } from 'vitest';

import { byteLength } from './byte-length.js';
import { fitJson, jsonBytes, payloadRoom } from './fit-json.js';
import { fitPage } from './fit-page.js';

describe('fitPage', () => {
  const items = Array.from({ length: 10 }, (_, index) => ({ name: `item "${index}"\n` }));
  /** Each item in the JSON of structuredContent, and as a line of the text (JSON-escaped). */
  const costs = (item: { name: string }) => [byteLength(item) + 1, jsonBytes(item.name) + 1];

  it('stops at whichever rendering fills first, measuring each on its own', () => {
    const structured = byteLength(items[0]) + 1;
    const text = jsonBytes(items[0]!.name) + 1;
    expect(structured).toBeGreaterThan(text);
    const page = fitPage(items, { offset: 0, limit: 100, maxBytes: structured * 3, costs });
    expect(page).toEqual({ items: items.slice(0, 3), nextOffset: 3, cutByBudget: true });
    // When the text is the larger rendering, it decides.
    const heavyText = fitPage(items, {
      offset: 2,
      limit: 100,
      maxBytes: 40,
      costs: item => [1, jsonBytes(item.name.repeat(3)) + 1]
    });
    expect(heavyText.items).toHaveLength(1);
  });

  it('stops at the limit, and reaches the end without a next offset', () => {
    expect(fitPage(items, { offset: 0, limit: 4, maxBytes: 1e6, costs })).toMatchObject({
      nextOffset: 4,
      cutByBudget: false
    });
    expect(fitPage(items, { offset: 8, limit: 4, maxBytes: 1e6, costs })).toEqual({
      items: items.slice(8),
      cutByBudget: false
    });
  });
});

describe('fitJson and payloadRoom', () => {
  it('cut text to its size inside JSON, escapes counted, never splitting a surrogate pair', () => {
    const text = '"\n😀'.repeat(100);
    const { text: cut, cut: wasCut } = fitJson(text, 101);
    expect(wasCut).toBe(true);
    expect(jsonBytes(cut)).toBeLessThanOrEqual(101);
    expect(cut.endsWith('\ud83d')).toBe(false);
    expect(fitJson('short', 100)).toEqual({ text: 'short', cut: false });
  });

  it('keep the envelope out of the budget, and never give less than a small payload', () => {
    expect(payloadRoom(100_000)).toBe(100_000 - 2048);
    expect(payloadRoom(100_000, 256)).toBe(100_000 - 256);
    expect(payloadRoom(1500)).toBe(1024);
  });
});
