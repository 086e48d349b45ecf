#!/usr/bin/env node
import { ConfigError, runCli } from '@mcpkit/core';

import { SECRET_GLOBS, filesystemOptionsSchema } from './config.js';
import { loadRoots } from './confine/allowed-roots.js';
import { createFilesystemServer } from './server.js';
import { VERSION } from './version.js';

void runCli({
  name: 'mcpkit-filesystem',
  version: VERSION,
  description:
    'A safe, fast MCP filesystem server. Pass the directories it may access as arguments: mcpkit-filesystem ~/projects ~/notes. Clients that offer roots can narrow them, never widen them.',
  envPrefix: 'MCPKIT_FILESYSTEM',
  options: filesystemOptionsSchema,
  positionals: 'directories',
  async create(options, runtime) {
    const { roots, skipped } = await loadRoots(options.directories);
    for (const skip of skipped)
      runtime.logger.warn({ directory: skip.path, reason: skip.reason }, 'skipping an allowed directory');
    if (options.directories.length > 0 && roots.length === 0) {
      throw new ConfigError(
        `None of the directories given is usable (${skipped.map(skip => `${skip.path}: ${skip.reason}`).join('; ')}). Pass existing directories.`
      );
    }
    if (roots.length === 0) {
      runtime.logger.warn('started without directories: only a client that offers roots can use this server');
    }
    return createFilesystemServer({
      ...runtime,
      ceiling: roots,
      readOnly: options.readOnly,
      deny: [...options.deny, ...(options.denySecrets ? SECRET_GLOBS : [])],
      maxFileBytes: options.maxFileBytes
    });
  }
});
