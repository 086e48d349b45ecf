import { resolve } from 'node:path';

import type { CliRuntime } from '@mcpkit/core';

import type { MemoryContext } from './context.js';
import { importMemoryFile, memoryFileToImport } from './import-file.js';

/** Problem lines logged one by one; the rest are counted. */
const LOGGED_PROBLEMS = 100;

/**
 * Imports the configured memory file (MEMORY_FILE_PATH or --memory-file-path, relative to the
 * working directory) into the server's namespace, once. A file that cannot be read is logged and
 * the server starts anyway (the import is retried on the next start: it was not recorded).
 */
export async function importConfiguredFile(
  context: MemoryContext,
  options: { configured: string | undefined; logger: Pick<CliRuntime['logger'], 'info' | 'warn' | 'error'> }
): Promise<void> {
  const { configured, logger } = options;
  if (configured === undefined || configured === '') return;
  const recordAs = resolve(configured);
  const file = memoryFileToImport(recordAs);
  if (file === undefined) {
    logger.info({ file: recordAs }, 'no memory file there yet: nothing to import');
    return;
  }
  try {
    const report = await importMemoryFile(context.store, {
      file,
      recordAs,
      namespace: context.namespace,
      onImporting: counts =>
        logger.info(
          { file, ...counts },
          'importing the memory file in one transaction (all of it or, if stopped, none)'
        )
    });
    if (report.outcome === 'already-imported') {
      logger.info({ file, importedAt: report.importedAt }, 'memory file imported before: not imported again');
      if (report.changedSince) {
        logger.warn(
          { file },
          'the memory file changed since it was imported; it is not imported again (deleted entities would come back). To merge it in anyway, copy it under a new name and point MEMORY_FILE_PATH at the copy.'
        );
      }
      return;
    }
    if (report.outcome === 'adopted') {
      logger.info(
        { file, namespace: context.namespace },
        'this store already held the namespace before imports were recorded: recorded the file as imported'
      );
      return;
    }
    for (const problem of report.problems.slice(0, LOGGED_PROBLEMS))
      logger.warn({ file, line: problem.line }, problem.message);
    if (report.problemCount > LOGGED_PROBLEMS) {
      logger.warn(
        { file, more: report.problemCount - LOGGED_PROBLEMS },
        'more lines had problems; they were skipped likewise'
      );
    }
    logger.info(
      { file, entities: report.entities, relations: report.relations, sha256: report.sha256 },
      'imported memory file'
    );
  } catch (error) {
    logger.error(
      { err: error, file },
      'importing the memory file failed: nothing of it was imported; the next start tries again'
    );
  }
}
