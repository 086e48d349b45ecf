import { describe, expect, it } from 'vitest';

import { SlotMarks } from './slot-marks.js';

describe('slot marks', () => {
  it('hand out fresh runs of stamps, growing to the slots asked for', () => {
    const marks = new SlotMarks();
    expect(marks.take(3, 10)).toBe(1);
    expect(marks.marks.length).toBeGreaterThanOrEqual(10);
    marks.marks[4] = 3;
    expect(marks.take(2, 100)).toBe(4);
    expect(marks.marks.length).toBeGreaterThanOrEqual(100);
    // Grown, the marks already set are kept (and stale, being older than the new run).
    expect(marks.marks[4]).toBe(3);
  });

  it('start again from zero, every mark cleared, before the stamps would overflow', () => {
    const marks = new SlotMarks();
    marks.take(0xffff_fff0, 4);
    marks.marks[2] = 0xffff_fff0;
    expect(marks.take(100, 4)).toBe(1);
    expect([...marks.marks.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });
});
