import { dirname } from 'node:path';

import { ToolError } from '@mcpkit/core';
import { z } from 'zod';

import { isWithin } from '../confine/allowed-roots.js';
import { pathError } from '../confine/path-errors.js';
import { copyContents } from '../confine/tree-ops.js';
import { sandboxFor } from '../context.js';
import { ADDITIVE, announceChange, pathArgument, writable } from './common.js';
import { define } from './define.js';

const input = z.object({
  source: pathArgument('The file or directory to copy'),
  destination: pathArgument('Where to put the copy; must not exist yet'),
  recursive: z.boolean().default(false).describe('Required to copy a directory with its contents.')
});
const output = z.object({
  source: z.string().describe('The source as requested'),
  destination: z.string().describe('The destination as requested'),
  type: z.enum(['file', 'directory']).describe('What was copied'),
  skipped: z
    .number()
    .int()
    .describe('Entries left out of a directory copy: deny-listed files and special files (pipes, devices)')
});

/** copy_path: copies a file (streamed, atomic) or a directory tree; never overwrites. */
export const copyPathTool = define.tool({
  name: 'copy_path',
  title: 'Copy File or Directory',
  description:
    'Copy a file, or a directory with recursive: true, to a destination that does not exist yet (nothing ' +
    'is overwritten). Symlinks inside a copied directory are copied as links. Both paths must be within allowed directories.',
  input,
  output,
  annotations: ADDITIVE(false),
  enabled: writable,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const source = await sandbox.resolve(args.source, 'read');
    const destination = await sandbox.resolve(args.destination, 'write');
    if (destination.exists) {
      throw pathError('ALREADY_EXISTS', `${args.destination} already exists; nothing was copied.`);
    }
    if (!(await sandbox.resolve(dirname(destination.real), 'write')).exists) {
      throw pathError(
        'NOT_FOUND',
        `The parent directory of ${args.destination} does not exist; nothing was copied.`,
        'Create it with create_directory first.'
      );
    }
    const stats = await sandbox.stat(source);
    let skipped = 0;
    if (stats.isDirectory()) {
      if (!args.recursive) {
        throw new ToolError('IS_A_DIRECTORY', `${args.source} is a directory.`, {
          hint: 'Pass recursive: true to copy the directory with its contents.'
        });
      }
      // The copy would contain itself: it would grow until the path is too long for the filesystem.
      if (isWithin(source.real, destination.real)) {
        throw new ToolError(
          'INVALID_DESTINATION',
          `${args.destination} is inside ${args.source}; a directory cannot be copied into itself. Nothing was copied.`,
          { hint: 'Choose a destination outside the directory being copied.' }
        );
      }
      skipped = await sandbox.copyDirectory(source, destination);
    } else {
      const { handle } = await sandbox.openFile(source);
      try {
        await sandbox.writeAtomic(destination, target => copyContents(handle, target));
      } finally {
        await handle.close();
      }
    }
    announceChange(call, destination.real);
    return {
      source: args.source,
      destination: args.destination,
      type: stats.isDirectory() ? 'directory' : 'file',
      skipped
    } as const;
  },
  render: result =>
    `Copied ${result.type} ${result.source} to ${result.destination}${result.skipped > 0 ? ` (${result.skipped} deny-listed or special entries left out)` : ''}`
});
