#!/usr/bin/env node

import { runCli } from '@mcpkit/core';
import { z } from 'zod';

import { createMemoryContext } from './context.js';
import { defaultDatabasePath } from './data-dir.js';
import { importMemoryFile, memoryFileToImport } from './import-file.js';
import { createMemoryServer } from './server.js';
import { openDatabase } from './store/database.js';

void runCli({
  name: 'mcpkit-memory',
  version: '0.1.0',
  description:
    'The official knowledge-graph memory tools on SQLite (default, in your data directory) or PostgreSQL (--database-url postgres://…).',
  envPrefix: 'MCPKIT_MEMORY',
  options: z.object({
    databaseUrl: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe('postgres://… URL, or a SQLite file path (default: the user data directory).'),
    namespace: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
      .default('default')
      .describe('The graph tools use unless a call names another.'),
    memoryFilePath: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe(
        'An official memory.jsonl to import on first start (also read from MEMORY_FILE_PATH). Never modified.'
      )
  }),
  async create(options, runtime) {
    const database = await openDatabase(options.databaseUrl ?? defaultDatabasePath());
    const context = createMemoryContext(database, options.namespace);
    const configured = options.memoryFilePath ?? process.env.MEMORY_FILE_PATH;
    const file = configured ? memoryFileToImport(configured) : undefined;
    if (file !== undefined && (await context.store.isEmpty(options.namespace))) {
      const report = await importMemoryFile(context.store, { path: file, namespace: options.namespace });
      for (const problem of report.problems)
        runtime.logger.warn({ file, line: problem.line }, problem.message);
      runtime.logger.info(
        { file, entities: report.entities, relations: report.relations },
        'imported memory file'
      );
    }
    return createMemoryServer(context, { ...runtime, maxOutputBytes: options.maxOutputBytes });
  }
});
