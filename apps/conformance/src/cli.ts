#!/usr/bin/env node
import { runCli } from '@mcpkit/core';
import { z } from 'zod';

import { createConformanceServer } from './server.js';
import { VERSION } from './version.js';

void runCli({
  name: 'mcpkit-conformance',
  version: VERSION,
  description:
    'The mcpkit conformance fixture: every tool, resource and prompt the official MCP conformance suite exercises.',
  envPrefix: 'MCPKIT_CONFORMANCE',
  options: z.object({}),
  create: (_options, runtime) => Promise.resolve(createConformanceServer(runtime))
});
