#!/usr/bin/env node

import { ConfigError, runCli } from '@mcpkit/core';

import { memoryOptions } from './config.js';
import { createMemoryContext } from './context.js';
import { defaultDatabasePath } from './data-dir.js';
import { prepareExportDirectory } from './export-directory.js';
import { importConfiguredFile } from './startup-import.js';
import { MIN_GRAPH_BUDGET } from './pages/page-writer.js';
import { createMemoryServer } from './server.js';
import { openDatabase } from './store/database.js';
import { VERSION } from './version.js';
import { INDEX_BYTES_PER_CHAR } from './store/search/memory/index-registry.js';

void runCli({
  name: 'mcpkit-memory',
  version: VERSION,
  description:
    'The official knowledge-graph memory tools on SQLite (default, in your data directory) or PostgreSQL (--database-url postgres://…).',
  envPrefix: 'MCPKIT_MEMORY',
  options: memoryOptions,
  async create(options, runtime) {
    if (options.maxOutputBytes < MIN_GRAPH_BUDGET) {
      throw new ConfigError(
        `--max-output-bytes is ${options.maxOutputBytes}; the memory server needs at least ${MIN_GRAPH_BUDGET}, so a page fits the largest entity name and relation it stores.`
      );
    }
    const exportDirectory =
      options.exportDir === undefined ? undefined : await prepareExportDirectory(options.exportDir);
    const database = await openDatabase(options.databaseUrl ?? defaultDatabasePath(), {
      logger: runtime.logger,
      searchIndexChars: Math.floor((options.searchMemoryMb * 1_000_000) / INDEX_BYTES_PER_CHAR)
    });
    const context = createMemoryContext(
      database,
      options.namespace,
      exportDirectory === undefined ? {} : { exportDirectory }
    );
    await importConfiguredFile(context, {
      configured: options.memoryFilePath ?? process.env.MEMORY_FILE_PATH,
      logger: runtime.logger
    });
    // Search answers from the database until the index of the namespace is loaded, in the background.
    database.searchIndexes.preload(options.namespace);
    return createMemoryServer(context, runtime);
  }
});
