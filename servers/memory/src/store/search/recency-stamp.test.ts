import { describe, expect, it } from 'vitest';

import { stampOf } from './recency-stamp.js';

describe('stampOf', () => {
  it('orders timestamps as their texts do, to the millisecond, across every field', () => {
    const times = [
      '0001-01-01T00:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2026-01-31T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '2026-12-02T00:28:46.565Z',
      '2026-12-02T00:28:46.566Z',
      '2026-12-02T00:28:47.000Z',
      '2026-12-02T01:00:00.000Z',
      '9999-12-31T23:59:59.999Z'
    ];
    const random = Array.from({ length: 500 }, (_, index) =>
      new Date(index * 7_919_333_331 + 13).toISOString()
    );
    const all = [...times, ...random];
    for (const left of all) {
      for (const right of times) {
        expect(Math.sign(stampOf(left) - stampOf(right)), `${left} ${right}`).toBe(
          left < right ? -1 : left > right ? 1 : 0
        );
      }
    }
  });

  it('is NaN for any other text, which ranking then compares as text', () => {
    for (const text of [
      '',
      '2026-12-02 00:28:46.565Z',
      '2026-12-02T00:28:46.565',
      '2026-12-02T00:28:46Z',
      '2026-13-02T00:28:46.565Z',
      '2026-12-02T24:00:00.000Z',
      '2026-12-02T00:60:00.000Z',
      '+02026-12-02T00:28:46.5Z',
      '2026-1a-02T00:28:46.565Z'
    ]) {
      expect(stampOf(text), text).toBeNaN();
    }
  });
});
