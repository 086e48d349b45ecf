import { createRequestStateCodec } from '@modelcontextprotocol/server';
import type { RequestStateCodec } from '@modelcontextprotocol/server';

/** The fixture's long-lived state: the key that signs input-required request state. */
export interface ConformanceContext {
  stateCodec: RequestStateCodec<Record<string, unknown>>;
}

/** Creates the context once per process; the signing key never leaves it. */
export function createConformanceContext(): ConformanceContext {
  return {
    stateCodec: createRequestStateCodec<Record<string, unknown>>({
      key: crypto.getRandomValues(new Uint8Array(32)),
      ttlSeconds: 600
    })
  };
}
