import { ToolError } from '@mcpkit/core';
import { dirname } from 'node:path';
import { z } from 'zod';

import { pathError } from '../confine/path-errors.js';
import { sandboxFor } from '../context.js';
import { DESTRUCTIVE, announceChange, pathArgument, writable } from './common.js';
import { define } from './define.js';

const input = z.object({
  path: pathArgument('The file to write'),
  content: z
    .string()
    .max(50 * 1024 * 1024)
    .describe('The text to write (UTF-8). Replaces the whole file unless append is true.'),
  append: z
    .boolean()
    .default(false)
    .describe('Add content to the end of the file instead of replacing it (creates the file if missing).'),
  createParents: z
    .boolean()
    .default(false)
    .describe(
      'Create missing parent directories first (like mkdir -p). Otherwise a missing parent is an error.'
    )
});

const output = z.object({
  path: z.string().describe('The path as requested'),
  bytesWritten: z.number().int().describe('UTF-8 bytes written'),
  created: z.boolean().describe('True when the file did not exist before'),
  appended: z.boolean().describe('True when content was appended rather than replacing the file')
});

/** write_file: the official tool, atomic (temp file + rename), with append and mkdir -p. */
export const writeFileTool = define.tool({
  name: 'write_file',
  title: 'Write File',
  description:
    'Create a new file or completely overwrite an existing one with the given text; set append to add to ' +
    'its end instead, and createParents to create missing directories. Overwriting is atomic (a temp ' +
    'file renamed into place keeps the file’s permissions), so readers never see half a file. Prefer ' +
    'edit_file for changing part of an existing file. Only works within allowed directories.',
  input,
  output,
  annotations: DESTRUCTIVE(false),
  enabled: writable,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const resolved = await sandbox.resolve(args.path, 'write');
    const bytes = Buffer.byteLength(args.content, 'utf8');
    // Only as large a file as the server reads back: zod bounds content to 50 Mi characters, which
    // is up to 150 MiB of UTF-8, and appends add up.
    const existing = args.append && resolved.exists ? await sandbox.stat(resolved) : undefined;
    const total = bytes + (existing?.isFile() ? existing.size : 0);
    if (total > call.context.maxFileBytes) {
      throw new ToolError(
        'RESULT_TOO_LARGE',
        `${args.append ? 'Appending this would make' : 'This would make'} ${args.path} ${total} bytes, over the ${call.context.maxFileBytes}-byte limit (--max-file-bytes); nothing was written.`,
        {
          hint: 'Write a smaller file (or split it into several), or ask the operator to raise --max-file-bytes.'
        }
      );
    }
    const parent = await sandbox.resolve(dirname(resolved.real), 'write');
    if (args.createParents) await sandbox.makeDirectory(parent);
    else if (!parent.exists) {
      throw pathError(
        'NOT_FOUND',
        `The parent directory of ${args.path} does not exist; nothing was written.`,
        'Pass createParents: true, or create it with create_directory first.'
      );
    }
    if (args.append) await sandbox.append(resolved, args.content);
    else await sandbox.writeAtomic(resolved, handle => handle.writeFile(args.content, 'utf8'));
    announceChange(call, resolved.real);
    return {
      path: args.path,
      bytesWritten: bytes,
      created: !resolved.exists,
      appended: args.append
    };
  },
  // The official server's text for a write (bytes and whether the file is new are in
  // structuredContent); appending is ours, and says so.
  render: result =>
    result.appended
      ? `Successfully appended ${result.bytesWritten} bytes to ${result.path}`
      : `Successfully wrote to ${result.path}`
});
