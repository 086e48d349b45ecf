import { z } from 'zod';

import { sandboxFor } from '../context.js';
import { mediaTypeOf } from '../fs/media-types.js';
import { READ_ONLY, pathArgument } from './common.js';
import { define } from './define.js';

const input = z.object({ path: pathArgument('The file or directory to describe') });

const output = z.object({
  path: z.string().describe('The path as requested'),
  realPath: z.string().describe('The real path (symlinks resolved)'),
  type: z.enum(['file', 'directory', 'symlink', 'other']).describe('What the path itself is'),
  size: z.number().int().describe('Bytes (of the target, for a symlink)'),
  created: z.string().describe('Creation time, ISO 8601'),
  modified: z.string().describe('Last modified time, ISO 8601 (pass to edit_file as expectedModified)'),
  accessed: z.string().describe('Last access time, ISO 8601'),
  isDirectory: z.boolean(),
  isFile: z.boolean(),
  permissions: z.string().describe('Octal permission bits, e.g. 644'),
  mimeType: z.string().optional().describe('Media type from the extension, for files'),
  symlinkTarget: z.string().optional().describe('Where a symlink points, as stored in the link')
});

/**
 * get_file_info: the official metadata tool; its text is the official one, and its structured result
 * adds the type (a symlink as a link, with its target), the real path and the media type.
 */
export const getFileInfoTool = define.tool({
  name: 'get_file_info',
  title: 'Get File Info',
  description:
    'Get a file’s or directory’s metadata without reading it: type, size, created/modified/accessed ' +
    'times, permissions, media type, and a symlink’s target. Only works within allowed directories.',
  input,
  output,
  annotations: READ_ONLY,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const entry = await sandbox.resolve(args.path, 'entry');
    const link = await sandbox.lstat(entry);
    const resolved = link.isSymbolicLink() ? await sandbox.resolve(args.path, 'read') : entry;
    // A dangling link (its target inside the allowed directories but missing) is described by itself.
    const stats = link.isSymbolicLink() && resolved.exists ? await sandbox.stat(resolved) : link;
    const type = link.isSymbolicLink()
      ? 'symlink'
      : stats.isDirectory()
        ? 'directory'
        : stats.isFile()
          ? 'file'
          : 'other';
    return {
      path: args.path,
      realPath: resolved.real,
      type,
      size: stats.size,
      created: stats.birthtime.toISOString(),
      modified: new Date(Math.floor(stats.mtimeMs)).toISOString(),
      accessed: stats.atime.toISOString(),
      isDirectory: stats.isDirectory(),
      isFile: stats.isFile(),
      permissions: (stats.mode & 0o777).toString(8).padStart(3, '0'),
      ...(stats.isFile() ? { mimeType: mediaTypeOf(resolved.real) } : {}),
      ...(link.isSymbolicLink() ? { symlinkTarget: await sandbox.readLink(entry) } : {})
    } as const;
  },
  render: officialText
});

/**
 * The official server's text: its seven fields, in its order, times as `Date#toString` renders them
 * (local time, to the second), so a client parsing the official text reads ours. The fields only we
 * report (type, realPath, mimeType, symlinkTarget, ISO times) are in structuredContent.
 */
function officialText(result: z.output<typeof output>): string {
  const fields = {
    size: result.size,
    created: new Date(result.created),
    modified: new Date(result.modified),
    accessed: new Date(result.accessed),
    isDirectory: result.isDirectory,
    isFile: result.isFile,
    permissions: result.permissions
  };
  return Object.entries(fields)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join('\n');
}
