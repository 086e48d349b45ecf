import type { Dirent } from 'node:fs';

import type { Tool, ToolCall } from '@mcpkit/core';
import { defineTool, paginate } from '@mcpkit/core';
import { z } from 'zod';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';
import { formatSize } from '../fs/format-size.js';
import {
  READ_ONLY,
  cursorArgument,
  cursorToOffset,
  offsetToCursor,
  pathArgument,
  payloadBudget
} from './common.js';

const entryType = z.enum(['file', 'directory', 'symlink', 'other']);
type EntryType = z.output<typeof entryType>;

const listInput = z.object({
  path: pathArgument('The directory to list'),
  includeHidden: z.boolean().default(true).describe('Include names starting with a dot'),
  limit: z.number().int().min(1).max(10_000).default(1000).describe('Most entries per page'),
  cursor: cursorArgument
});

const listOutput = z.object({
  path: z.string().describe('The directory as requested'),
  entries: z.array(z.object({ name: z.string(), type: entryType })).describe('Entries of this page, by name'),
  total: z.number().int().describe('Entries in the directory (after filters)'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next page')
});

/** Reads and filters a confined directory's entries, sorted by name. */
async function entriesOf(
  sandbox: Sandbox,
  directory: ResolvedPath,
  includeHidden: boolean
): Promise<{ name: string; type: EntryType; dirent: Dirent }[]> {
  const dirents = await sandbox.readDirectory(directory);
  return dirents
    .filter(dirent => includeHidden || !dirent.name.startsWith('.'))
    .filter(
      dirent =>
        sandbox.deny.patterns.length === 0 ||
        !sandbox.deny.denies(sandbox.child(directory, dirent.name).relative)
    )
    .map(dirent => ({ name: dirent.name, type: typeOf(dirent), dirent }))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

function typeOf(dirent: Dirent): EntryType {
  if (dirent.isDirectory()) return 'directory';
  if (dirent.isFile()) return 'file';
  if (dirent.isSymbolicLink()) return 'symlink';
  return 'other';
}

const marker = (type: EntryType) =>
  type === 'directory' ? '[DIR]' : type === 'symlink' ? '[LINK]' : '[FILE]';

async function openDirectory(args: { path: string }, call: ToolCall<FilesystemContext>) {
  const sandbox = await sandboxFor(call);
  // A file here fails in readDirectory with NOT_A_DIRECTORY ("… is not a directory").
  return { sandbox, directory: await sandbox.resolve(args.path, 'read') };
}

/** list_directory: the official tool with pagination and a hidden-files switch. */
export const listDirectoryTool: Tool<FilesystemContext> = defineTool({
  name: 'list_directory',
  title: 'List Directory',
  description:
    'List the entries of one directory, marked [DIR], [FILE] or [LINK], sorted by name. Pages of up ' +
    'to `limit` entries (pass nextCursor to continue); set includeHidden false to skip dot-files. For ' +
    'sizes use list_directory_with_sizes; for a recursive view use directory_tree. Only works within allowed directories.',
  input: listInput,
  output: listOutput,
  annotations: READ_ONLY,
  async handler(args, call) {
    const { sandbox, directory } = await openDirectory(args, call);
    const entries = (await entriesOf(sandbox, directory, args.includeHidden)).map(({ name, type }) => ({
      name,
      type
    }));
    const page = paginate(entries, {
      offset: cursorToOffset(args.cursor, 'list_directory'),
      limit: args.limit,
      maxBytes: payloadBudget(call) / 2
    });
    return {
      path: args.path,
      entries: page.items,
      total: entries.length,
      ...(page.nextOffset === undefined
        ? {}
        : { nextCursor: offsetToCursor(page.nextOffset, 'list_directory') })
    };
  },
  render: result => {
    const lines = result.entries.map(entry => `${marker(entry.type)} ${entry.name}`);
    if (result.nextCursor)
      lines.push(
        `[${result.entries.length} of ${result.total} shown; pass cursor "${result.nextCursor}" for more]`
      );
    return lines.length === 0 ? '(empty directory)' : lines.join('\n');
  }
});

const sizedOutput = z.object({
  path: z.string().describe('The directory as requested'),
  entries: z
    .array(
      z.object({
        name: z.string(),
        type: entryType,
        size: z.number().int().describe('Bytes (0 for directories)'),
        modified: z.string().describe('Last modified time, ISO 8601')
      })
    )
    .describe('Entries of this page in the requested order'),
  total: z.number().int().describe('Entries in the directory (after filters)'),
  totalFiles: z.number().int().describe('Files in the directory'),
  totalDirectories: z.number().int().describe('Subdirectories in the directory'),
  totalBytes: z.number().int().describe('Combined size of the files'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next page')
});

/** list_directory_with_sizes: the official tool with pagination; totals cover the whole directory. */
export const listDirectoryWithSizesTool: Tool<FilesystemContext> = defineTool({
  name: 'list_directory_with_sizes',
  title: 'List Directory with Sizes',
  description:
    'List the entries of one directory with sizes and modified times, sorted by name or by size ' +
    '(largest first), with totals for the whole directory. Pages of up to `limit` entries (pass ' +
    'nextCursor to continue). Only works within allowed directories.',
  input: listInput.extend({
    sortBy: z.enum(['name', 'size']).default('name').describe('Sort entries by name or size')
  }),
  output: sizedOutput,
  annotations: READ_ONLY,
  async handler(args, call) {
    const { sandbox, directory } = await openDirectory(args, call);
    const listed = await entriesOf(sandbox, directory, args.includeHidden);
    const allStats = await sandbox.statEntries(
      directory,
      listed.map(entry => entry.name)
    );
    const detailed = listed.map(({ name, type }, index) => {
      const stats = allStats[index];
      return {
        name,
        type,
        size: type === 'directory' ? 0 : (stats?.size ?? 0),
        modified: new Date(stats?.mtimeMs ?? 0).toISOString()
      };
    });
    if (args.sortBy === 'size') detailed.sort((left, right) => right.size - left.size);
    const page = paginate(detailed, {
      offset: cursorToOffset(args.cursor, 'list_directory_with_sizes'),
      limit: args.limit,
      maxBytes: payloadBudget(call) / 2
    });
    const files = detailed.filter(entry => entry.type !== 'directory');
    return {
      path: args.path,
      entries: page.items,
      total: detailed.length,
      totalFiles: files.length,
      totalDirectories: detailed.length - files.length,
      totalBytes: files.reduce((sum, entry) => sum + entry.size, 0),
      ...(page.nextOffset === undefined
        ? {}
        : { nextCursor: offsetToCursor(page.nextOffset, 'list_directory_with_sizes') })
    };
  },
  render: result => {
    const lines = result.entries.map(
      entry =>
        `${marker(entry.type)} ${entry.name.padEnd(30)} ${entry.type === 'directory' ? '' : formatSize(entry.size).padStart(10)}`
    );
    if (result.nextCursor)
      lines.push(
        `[${result.entries.length} of ${result.total} shown; pass cursor "${result.nextCursor}" for more]`
      );
    lines.push(
      '',
      `Total: ${result.totalFiles} files, ${result.totalDirectories} directories`,
      `Combined size: ${formatSize(result.totalBytes)}`
    );
    return lines.join('\n');
  }
});
