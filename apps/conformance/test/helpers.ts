import { fileURLToPath } from 'node:url';

import { createLogger } from '@mcpkit/observability';

import { createConformanceServer } from '../src/server.js';

/** The built bin, as a host would launch it. */
export const BIN = fileURLToPath(new URL('../dist/bin/cli.js', import.meta.url));

/** A fixture server whose logs are dropped (tests assert on protocol results). */
export const quietServer = () =>
  createConformanceServer({ logger: createLogger({ name: 'test', level: 'silent' }) });

/** Canned client answers that satisfy every fixture tool that asks for input. */
export const CANNED_ANSWERS = {
  elicitation: {
    name: 'Alice',
    username: 'alice',
    email: 'alice@example.com',
    ok: true,
    color: 'red',
    context: 'tests'
  },
  sampling: 'Paris',
  roots: [{ uri: 'file:///test/root', name: 'Test Root' }]
};
