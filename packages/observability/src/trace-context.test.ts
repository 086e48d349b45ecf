import { describe, expect, it } from 'vitest';

import { traceContextFromMeta } from './trace-context.js';

describe('traceContextFromMeta', () => {
  it('parses a valid traceparent and tracestate', () => {
    expect(
      traceContextFromMeta({
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        tracestate: 'vendor=1'
      })
    ).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      sampled: true,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=1'
    });
  });

  it.each([
    undefined,
    {},
    { traceparent: 42 },
    { traceparent: 'garbage' },
    { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
    { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }
  ])('ignores %j', meta => {
    expect(traceContextFromMeta(meta)).toBeUndefined();
  });
});
