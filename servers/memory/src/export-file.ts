import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { ToolError } from '@mcpkit/core';

import type { OpenDatabase } from './store/database.js';
import { entityLine, relationLine } from './store/jsonl.js';
import { scanNamespace } from './store/reads/namespace-scan.js';

/** What an export wrote. */
export interface ExportReport {
  path: string;
  entities: number;
  relations: number;
  bytes: number;
}

/** The export's target exists and overwriting it was not asked for; nothing was written. */
export class ExportExistsError extends ToolError {
  static override readonly brand: string = 'mcpkit.memory.export-exists';

  constructor(readonly path: string) {
    super('FILE_EXISTS', `${basename(path)} already exists in the export directory. Nothing was written.`, {
      hint: 'Choose another file name, or pass overwrite: true to replace it.'
    });
    this.name = 'ExportExistsError';
  }
}

/**
 * Writes a namespace in the official memory.jsonl format to `path`, byte for byte as the official
 * server writes it (entities, then relations, `\n` between lines and none after the last), from
 * one snapshot of the store, streamed: any size, in memory one batch at a time. The file appears
 * whole or not at all: it is written to a new temporary file beside it (created exclusively, so
 * nothing planted there is followed), flushed to disk, then renamed over the target, or linked to
 * it when it must not be overwritten (which fails, atomically, if the target exists).
 */
export async function exportNamespace(
  store: OpenDatabase,
  options: { namespace: string; path: string; overwrite: boolean }
): Promise<ExportReport> {
  const temporary = join(
    dirname(options.path),
    `.${basename(options.path)}.${randomBytes(8).toString('hex')}.tmp`
  );
  const output = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  const report: ExportReport = { path: options.path, entities: 0, relations: 0, bytes: 0 };
  try {
    await once(output, 'open');
    let first = true;
    await store.readSnapshot(db =>
      scanNamespace(db, options.namespace, async item => {
        const line = item.kind === 'entity' ? entityLine(item.entity) : relationLine(item.relation);
        if (item.kind === 'entity') report.entities++;
        else report.relations++;
        const text = first ? line : `\n${line}`;
        first = false;
        report.bytes += Buffer.byteLength(text);
        if (!output.write(text)) await once(output, 'drain');
      })
    );
    await new Promise<void>((resolve, reject) =>
      output.end((error?: Error | null) => (error ? reject(error) : resolve()))
    );
    await syncFile(temporary);
    if (options.overwrite) {
      await rename(temporary, options.path);
    } else {
      try {
        await link(temporary, options.path);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EEXIST') throw new ExportExistsError(options.path);
        throw error;
      }
      await unlink(temporary);
    }
    return report;
  } catch (error) {
    output.destroy();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
