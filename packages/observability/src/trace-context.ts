/** A W3C trace context (https://www.w3.org/TR/trace-context/) carried in a request's `_meta`. */
export interface TraceContext {
  traceId: string;
  parentSpanId: string;
  sampled: boolean;
  traceparent: string;
  tracestate?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Reads `traceparent` (and `tracestate`) from a request's `_meta`, as MCP clients propagate them.
 * Returns `undefined` when absent or malformed, including the all-zero ids the spec forbids.
 */
export function traceContextFromMeta(
  meta: Readonly<Record<string, unknown>> | undefined
): TraceContext | undefined {
  const traceparent = meta?.traceparent;
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags] = match as unknown as [
    string,
    string,
    string,
    string,
    string
  ];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return undefined;
  const tracestate = typeof meta?.tracestate === 'string' ? meta.tracestate : undefined;
  return {
    traceId,
    parentSpanId,
    sampled: (Number.parseInt(flags, 16) & 1) === 1,
    traceparent: match[0],
    ...(tracestate === undefined ? {} : { tracestate })
  };
}
