import { z } from 'zod';

import { sandboxFor } from '../context.js';
import { DESTRUCTIVE, announceChange, pathArgument, writable } from './common.js';
import { define } from './define.js';

const input = z.object({
  path: pathArgument('The file, symlink or directory to delete'),
  recursive: z
    .boolean()
    .default(false)
    .describe('Required to delete a directory that is not empty, with everything in it. Irreversible.')
});
const output = z.object({
  path: z.string().describe('The path as requested'),
  type: z.enum(['file', 'directory', 'symlink', 'other']).describe('What was deleted')
});

/** delete_path: deletes a file, a link (never its target), or a directory (recursively only when asked). */
export const deletePathTool = define.tool({
  name: 'delete_path',
  title: 'Delete File or Directory',
  description:
    'Permanently delete a file, a symlink (the link only, never its target) or an empty directory. A ' +
    'directory with contents is deleted only with recursive: true. There is no undo: confirm with the ' +
    'user before deleting anything they did not ask to delete. The allowed directories themselves ' +
    'cannot be deleted. Only works within allowed directories.',
  input,
  output,
  annotations: DESTRUCTIVE(true),
  enabled: writable,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const resolved = await sandbox.resolve(args.path, 'entry');
    const stats = await sandbox.remove(resolved, args.recursive);
    announceChange(call, resolved.real);
    const type = stats.isDirectory()
      ? 'directory'
      : stats.isSymbolicLink()
        ? 'symlink'
        : stats.isFile()
          ? 'file'
          : 'other';
    return { path: args.path, type } as const;
  },
  render: result => `Deleted ${result.type} ${result.path}`
});
