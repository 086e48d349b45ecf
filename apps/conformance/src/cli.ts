#!/usr/bin/env node
import { runCli } from '@mcpkit/core';
import { z } from 'zod';

import { createConformanceServer } from './server.js';

void runCli({
  name: 'mcpkit-conformance',
  version: '0.1.0',
  description:
    'The mcpkit conformance fixture: every tool, resource and prompt the official MCP conformance suite exercises.',
  envPrefix: 'MCPKIT_CONFORMANCE',
  options: z.object({}),
  create: (options, runtime) =>
    Promise.resolve(createConformanceServer({ ...runtime, maxOutputBytes: options.maxOutputBytes }))
});
