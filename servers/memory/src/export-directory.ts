import { mkdir, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';

import { ConfigError } from '@mcpkit/core';

/**
 * The export directory as export_graph uses it: created if missing, then resolved to its real path
 * once, so a symlink swapped in for it later changes nothing (files are named inside it, never
 * outside: see export_graph's file name rule).
 */
export async function prepareExportDirectory(path: string): Promise<string> {
  try {
    await mkdir(resolve(path), { recursive: true });
    return await realpath(resolve(path));
  } catch (error) {
    throw new ConfigError(
      `--export-dir ${JSON.stringify(path)} cannot be used: ${(error as Error).message}. Give a directory this user may create and write.`,
      { cause: error }
    );
  }
}
