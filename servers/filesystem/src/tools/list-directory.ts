import type { Stats } from 'node:fs';

import type { ToolCall } from '@mcpkit/core';
import { byteLength, fitPage, jsonBytes, payloadRoom } from '@mcpkit/core';
import { z } from 'zod';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';
import { formatSize } from '../fs/format-size.js';
import { withHeavyWork } from '../fs/heavy-work.js';
import { renderWarnings, walkWarningsField } from '../fs/walk-warnings.js';
import { READ_ONLY, cursorArgument, pathArgument, queryOf } from './common.js';
import {
  decodePosition,
  directoryOrderWarning,
  encodePosition,
  listEntries,
  startOf
} from './list-entries.js';
import type { ListedEntry, Listing, ListingPosition, ListingRequest, ListingScope } from './list-entries.js';
import { define } from './define.js';

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
  entries: z
    .array(z.object({ name: z.string(), type: entryType }))
    .describe('Entries of this page, by name (or in directory order, see order)'),
  order: z
    .enum(['name', 'directory'])
    .describe('By name; or in directory order, for a directory too large to sort (over 10,000 entries)'),
  total: z
    .number()
    .int()
    .optional()
    .describe('Entries in the directory (after filters); absent for a directory too large to read whole'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next page'),
  warnings: walkWarningsField
});

/** The official server's markers: what is not a directory is a [FILE] (a symlink too; its type is in structuredContent). */
const marker = (type: EntryType) => (type === 'directory' ? '[DIR]' : '[FILE]');

/** list_directory's text line of an entry. */
const entryLine = (entry: { type: EntryType; name: string }) => `${marker(entry.type)} ${entry.name}`;

/** list_directory_with_sizes' text line of an entry. */
const sizedLine = (entry: { type: EntryType; name: string; size: number }) =>
  `${marker(entry.type)} ${entry.name.padEnd(30)} ${entry.type === 'directory' ? '' : formatSize(entry.size).padStart(10)}`;

/** An entry's bytes in each rendering of list_directory: its JSON, and its text line (see fitPage). */
const entryCosts = (entry: ListedEntry) => [byteLength(entry) + 1, jsonBytes(entryLine(entry)) + 1];

/** The listing tools' common start: the directory, the cursor's position, the budget and the entries. */
async function readListing(
  args: { path: string; cursor?: string | undefined; includeHidden: boolean; limit: number },
  call: ToolCall<FilesystemContext>,
  options: { scope: string; costs: ListingRequest['costs'] }
) {
  const sandbox = await sandboxFor(call);
  // A file here fails in listEntries with NOT_A_DIRECTORY ("… is not a directory").
  const directory = await sandbox.resolve(args.path, 'read');
  const position = decodePosition(args.cursor, { tool: options.scope, query: queryOf(args) });
  const maxBytes = payloadRoom(call.maxOutputBytes);
  const listing = await listEntries(sandbox, directory, {
    includeHidden: args.includeHidden,
    position,
    limit: args.limit,
    maxBytes,
    costs: options.costs
  });
  return { sandbox, directory, position, maxBytes, listing };
}

/** The cursor for the page after `items` (at `nextOffset`), or nothing at the end. */
function cursorAfter(
  page: { items: readonly { name: string }[]; nextOffset?: number },
  where: { order: ListingPosition['order']; scope: ListingScope }
): { nextCursor?: string } {
  if (page.nextOffset === undefined) return {};
  const last = page.items.at(-1)?.name;
  return { nextCursor: encodePosition({ offset: page.nextOffset, order: where.order, last }, where.scope) };
}

/** The warning of a listing in directory order, as the `warnings` field; none for a sorted one. */
function orderWarnings(order: ListingPosition['order'], directory: ResolvedPath) {
  return order === 'directory' ? { warnings: [directoryOrderWarning(directory)] } : {};
}

/**
 * list_directory: the official tool with pagination and a hidden-files switch. A directory of more
 * than 10,000 entries is streamed in directory order, one page at a time (see listEntries).
 */
export const listDirectoryTool = define.tool({
  name: 'list_directory',
  title: 'List Directory',
  description:
    'List the entries of one directory, marked [DIR] or [FILE] (structuredContent tells symlinks apart), sorted by name (a directory ' +
    'of more than 10,000 entries is listed in directory order instead, and says so). Pages of up ' +
    'to `limit` entries (pass nextCursor to continue); set includeHidden false to skip dot-files. For ' +
    'sizes use list_directory_with_sizes; for a recursive view use directory_tree. Only works within allowed directories.',
  input: listInput,
  output: listOutput,
  annotations: READ_ONLY,
  handler: (args, call) =>
    withHeavyWork(call.signal, async () => {
      const { directory, position, maxBytes, listing } = await readListing(args, call, {
        scope: 'list_directory',
        costs: entryCosts
      });
      const order = listing.kind === 'whole' ? listing.order : 'directory';
      const scope = { order, scope: { tool: 'list_directory', query: queryOf(args) } };
      if (listing.kind === 'streamed') {
        return {
          path: args.path,
          entries: listing.page,
          order: 'directory' as const,
          ...cursorAfter({ items: listing.page, ...pick(listing) }, scope),
          ...orderWarnings(order, directory)
        };
      }
      const page = fitPage(listing.entries, {
        offset: startOf(listing.entries, position),
        limit: args.limit,
        maxBytes,
        costs: entryCosts
      });
      return {
        path: args.path,
        entries: page.items,
        order: order === 'sorted' ? ('name' as const) : ('directory' as const),
        total: listing.entries.length,
        ...cursorAfter(page, scope),
        ...orderWarnings(order, directory)
      };
    }),
  render: result => {
    const lines = result.entries.map(entryLine);
    if (result.nextCursor) lines.push(pageLine(result.entries.length, result));
    lines.push(...renderWarnings(result.warnings));
    return lines.length === 0 ? '(empty directory)' : lines.join('\n');
  }
});

function pick(listing: Extract<Listing, { kind: 'streamed' }>): { nextOffset?: number } {
  return listing.nextOffset === undefined ? {} : { nextOffset: listing.nextOffset };
}

function pageLine(shown: number, result: { total?: number | undefined; nextCursor?: string | undefined }) {
  const of = result.total === undefined ? '' : ` of ${result.total}`;
  return `[${shown}${of} shown; pass cursor "${result.nextCursor ?? ''}" for more]`;
}

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
    .describe('Entries of this page in the requested order (see order)'),
  order: z
    .enum(['name', 'size', 'directory'])
    .describe('As requested; or directory order, for a directory too large to sort (over 10,000 entries)'),
  total: z
    .number()
    .int()
    .optional()
    .describe(
      'Entries in the directory (after filters); the totals are absent for a directory too large to read whole'
    ),
  totalFiles: z.number().int().optional().describe('Files in the directory'),
  totalDirectories: z.number().int().optional().describe('Subdirectories in the directory'),
  totalBytes: z.number().int().optional().describe('Combined size of the files'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next page'),
  warnings: walkWarningsField
});

/** An entry with the fields of a sized listing. */
interface SizedEntry extends ListedEntry {
  size: number;
  modified: string;
}

/** The most JSON a sized entry's stat can add: the largest size and the longest ISO date. */
const LARGEST_STAT = { size: Number.MAX_SAFE_INTEGER, modified: '+275760-09-13T00:00:00.000Z' };

/** An entry's bytes in each rendering of list_directory_with_sizes (see fitPage). */
const sizedCosts = (entry: ListedEntry & { size: number }) => [
  byteLength(entry) + 1,
  jsonBytes(sizedLine(entry)) + 1
];

/** Entries lstat'ed per anchor: enough to keep the thread pool busy, few enough to hold. */
const STAT_BATCH = 256;

async function withStats(
  sandbox: Sandbox,
  directory: ResolvedPath,
  entries: readonly ListedEntry[]
): Promise<SizedEntry[]> {
  const sized: SizedEntry[] = [];
  for (let start = 0; start < entries.length; start += STAT_BATCH) {
    const batch = entries.slice(start, start + STAT_BATCH);
    const stats = await sandbox.statEntries(
      directory,
      batch.map(entry => entry.name)
    );
    batch.forEach((entry, index) => sized.push(sizedEntry(entry, stats[index])));
  }
  return sized;
}

function sizedEntry({ name, type }: ListedEntry, stats: Stats | undefined): SizedEntry {
  return {
    name,
    type,
    size: type === 'directory' ? 0 : (stats?.size ?? 0),
    modified: new Date(stats?.mtimeMs ?? 0).toISOString()
  };
}

/**
 * list_directory_with_sizes: the official tool with pagination; totals cover the whole directory.
 * A directory of more than 10,000 entries is streamed in directory order and only the page's
 * entries are stat'ed, so it has no totals (see listEntries).
 */
export const listDirectoryWithSizesTool = define.tool({
  name: 'list_directory_with_sizes',
  title: 'List Directory with Sizes',
  description:
    'List the entries of one directory with sizes and modified times, sorted by name or by size ' +
    '(largest first), with totals for the whole directory. A directory of more than 10,000 entries ' +
    'is listed in directory order without totals instead, and says so. Pages of up to `limit` ' +
    'entries (pass nextCursor to continue). Only works within allowed directories.',
  input: listInput.extend({
    sortBy: z.enum(['name', 'size']).default('name').describe('Sort entries by name or size')
  }),
  output: sizedOutput,
  annotations: READ_ONLY,
  handler: (args, call) =>
    withHeavyWork(call.signal, async () => {
      const { sandbox, directory, position, maxBytes, listing } = await readListing(args, call, {
        scope: 'list_directory_with_sizes',
        // Before their stats are read: as large as any could be.
        costs: entry => sizedCosts({ ...entry, ...LARGEST_STAT })
      });
      const order = listing.kind === 'whole' ? listing.order : 'directory';
      const scope = { order, scope: { tool: 'list_directory_with_sizes', query: queryOf(args) } };
      if (listing.kind === 'streamed') {
        return {
          path: args.path,
          entries: await withStats(sandbox, directory, listing.page),
          order: 'directory' as const,
          ...cursorAfter({ items: listing.page, ...pick(listing) }, scope),
          ...orderWarnings(order, directory)
        };
      }
      const detailed = await withStats(sandbox, directory, listing.entries);
      // Stable: entries of one size stay in name order, so pages by size are reproducible.
      if (order === 'sorted' && args.sortBy === 'size')
        detailed.sort((left, right) => right.size - left.size);
      const page = fitPage(detailed, {
        offset: startOf(detailed, position),
        limit: args.limit,
        maxBytes,
        costs: sizedCosts
      });
      const files = detailed.filter(entry => entry.type !== 'directory');
      return {
        path: args.path,
        entries: page.items,
        order: order === 'sorted' ? args.sortBy : ('directory' as const),
        total: detailed.length,
        totalFiles: files.length,
        totalDirectories: detailed.length - files.length,
        totalBytes: files.reduce((sum, entry) => sum + entry.size, 0),
        ...cursorAfter(page, scope),
        ...orderWarnings(order, directory)
      };
    }),
  render: result => {
    const lines = result.entries.map(sizedLine);
    if (result.nextCursor) lines.push(pageLine(result.entries.length, result));
    if (result.totalFiles !== undefined && result.totalDirectories !== undefined) {
      lines.push(
        '',
        `Total: ${result.totalFiles} files, ${result.totalDirectories} directories`,
        `Combined size: ${formatSize(result.totalBytes ?? 0)}`
      );
    }
    lines.push(...renderWarnings(result.warnings));
    return lines.join('\n');
  }
});
