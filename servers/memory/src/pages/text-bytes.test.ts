import { jsonBytes } from '@mcpkit/core';
import { describe, expect, it } from 'vitest';

import { CONTENT_ENVELOPE_BYTES, fittingPrefix, valueBytes } from './text-bytes.js';

/** What core's budget check measures for a text result: the JSON of its content blocks. */
const received = (value: unknown) =>
  Buffer.byteLength(JSON.stringify([{ type: 'text', text: JSON.stringify(value) }]));

const samples = [
  'plain',
  'quote " and \\ backslash',
  'new\nline\ttab\u0001ctl',
  'ünïcödé €',
  '😀 astral',
  '\u2028\u2029'
];

describe('text bytes', () => {
  it('counts a value as the client receives it, envelope included', () => {
    for (const sample of samples) {
      const value = { name: sample, observations: [sample, sample] };
      expect(CONTENT_ENVELOPE_BYTES + valueBytes(value)).toBe(received(value));
    }
  });

  it('adds up over the pieces of a JSON text', () => {
    const whole = JSON.stringify({ a: samples, b: 'x' });
    const pieces = ['{"a":', JSON.stringify(samples), ',"b":"x"}'];
    expect(pieces.map(jsonBytes).reduce((sum, size) => sum + size, 0)).toBe(jsonBytes(whole));
  });

  it('cuts text to the longest prefix that fits, never inside a character', () => {
    for (const sample of samples) {
      for (let budget = 0; budget < 40; budget++) {
        const end = fittingPrefix(sample, budget);
        const piece = sample.slice(0, end);
        expect(/\p{Cs}/u.test(piece)).toBe(false);
        expect(jsonBytes(JSON.stringify(piece)) - jsonBytes('""')).toBeLessThanOrEqual(budget);
        if (end < sample.length) {
          const longer = sample.slice(0, end + (sample.codePointAt(end)! > 0xffff ? 2 : 1));
          expect(jsonBytes(JSON.stringify(longer)) - jsonBytes('""')).toBeGreaterThan(budget);
        }
      }
    }
  });
});
