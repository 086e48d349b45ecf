import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';

import { PageMeter, ToolError, defineCursor } from '@mcpkit/core';
import type { ToolCursor } from '@mcpkit/core';
import { z } from 'zod';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import {
  SORTED_LISTING_LIMIT,
  closeEntries,
  eachEntry,
  entryType,
  readEntries
} from '../fs/directory-entries.js';
import type { DirectoryEntries, EntryType } from '../fs/directory-entries.js';
import { shownPath } from '../fs/walk-warnings.js';
import type { WalkWarning } from '../fs/walk-warnings.js';

export type ListedType = EntryType;

/** One entry of a listing, before any stat. */
export interface ListedEntry {
  name: string;
  type: ListedType;
}

/**
 * Where a page starts. `order` says how the first page was read: `sorted` (the directory was read
 * whole and sorted) or `directory` (it was too large, and is streamed in directory order); a
 * cursor keeps it, so that one listing never mixes the two. `after` marks the last entry returned
 * (a hash of its name): when entries before it were added or removed since, the page starts right
 * after it rather than at a shifted offset.
 */
export interface ListingPosition {
  offset: number;
  order: 'sorted' | 'directory';
  after?: string;
}

const positionPayload = z.object({
  offset: z.number().int().min(0),
  order: z.enum(['sorted', 'directory']).default('sorted'),
  after: z.string().max(32).optional()
});

/** Which listing a cursor belongs to: the tool, and the call's arguments besides its page. */
export interface ListingScope {
  tool: string;
  query: unknown;
}

const cursors = new Map<string, ToolCursor<z.output<typeof positionPayload>>>();
const cursorOf = (tool: string) => {
  let cursor = cursors.get(tool);
  if (cursor === undefined) cursors.set(tool, (cursor = defineCursor(tool, positionPayload)));
  return cursor;
};

/** The position a cursor of this listing points to; the start when there is no cursor. */
export function decodePosition(cursor: string | undefined, scope: ListingScope): ListingPosition {
  if (cursor === undefined) return { offset: 0, order: 'sorted' };
  const { offset, order, after } = cursorOf(scope.tool).decode(cursor, scope.query);
  return { offset, order, ...(after === undefined ? {} : { after }) };
}

/** The cursor of this listing for the page at `offset`, after `last` (the last entry returned, if any). */
export function encodePosition(
  position: { offset: number; order: ListingPosition['order']; last: string | undefined },
  scope: ListingScope
): string {
  const { offset, order, last } = position;
  return cursorOf(scope.tool).encode(
    { offset, order, ...(last === undefined ? {} : { after: markOf(last) }) },
    scope.query
  );
}

function markOf(name: string): string {
  return createHash('sha256').update(name).digest('base64url').slice(0, 16);
}

/**
 * Where a page of `entries` (all of a listing, in its order) starts: after the marked entry when it
 * is still there, else at the position's offset.
 */
export function startOf(entries: readonly { name: string }[], position: ListingPosition): number {
  const { offset, after } = position;
  if (after === undefined || (offset > 0 && markOf(entries[offset - 1]?.name ?? '') === after)) return offset;
  const found = entries.findIndex(entry => markOf(entry.name) === after);
  return found < 0 ? offset : found + 1;
}

/**
 * A directory's listing: `whole` holds every visible entry (at most SORTED_LISTING_LIMIT were read)
 * for the tool to sort, total and page; `streamed` holds only the page asked for, read in directory
 * order from a directory too large to sort.
 */
export type Listing =
  | { kind: 'whole'; order: ListingPosition['order']; entries: ListedEntry[] }
  | { kind: 'streamed'; page: ListedEntry[]; nextOffset?: number };

export interface ListingRequest {
  includeHidden: boolean;
  position: ListingPosition;
  limit: number;
  /** Bytes the page's entries may take in each rendering of the result (see fitPage). */
  maxBytes: number;
  /** An entry's bytes in each rendering: in the JSON of structuredContent, and as its text line. */
  costs: (entry: ListedEntry) => readonly number[];
}

/**
 * Lists a confined directory without holding more than SORTED_LISTING_LIMIT entries: a directory
 * up to that size is read whole (sorted by name unless the position continues a directory-order
 * listing); a larger one is streamed, and only the entries of the page are kept.
 */
export async function listEntries(
  sandbox: Sandbox,
  directory: ResolvedPath,
  request: ListingRequest
): Promise<Listing> {
  const { position } = request;
  const visible = visibleIn(sandbox, { directory, includeHidden: request.includeHidden });
  const first = await scan(sandbox, directory, {
    sort: position.order === 'sorted',
    use: async listing => {
      if (listing.kind === 'whole') {
        const entries = listing.entries.filter(visible).map(toEntry);
        return { kind: 'whole', order: position.order, entries } satisfies Listing;
      }
      if (position.order === 'sorted' && position.offset > 0) {
        throw new ToolError(
          'DIRECTORY_CHANGED',
          `${directory.requested} grew past ${SORTED_LISTING_LIMIT} entries since the previous page, too many to go on listing it by name.`,
          { hint: 'List it again without a cursor: it is then listed in directory order.' }
        );
      }
      const check =
        position.after !== undefined && position.offset > 0
          ? { at: position.offset - 1, mark: position.after }
          : undefined;
      return pageOf(eachEntry(listing), { ...request, visible, start: position.offset, check });
    }
  });
  if (first.kind !== 'moved') return first;
  // Entries before the cursor were added or removed: find the marked entry, and start after it
  // (or at the old offset when it is gone). Two more passes, only for a directory that changed.
  const mark = position.after ?? '';
  const found = await scan(sandbox, directory, {
    sort: false,
    use: listing => indexOfMark(eachEntry(listing), { visible, mark })
  });
  const start = found < 0 ? position.offset : found + 1;
  const page = await scan(sandbox, directory, {
    sort: false,
    use: listing => pageOf(eachEntry(listing), { ...request, visible, start, check: undefined })
  });
  if (page.kind === 'moved') throw new Error('a page without a check cannot have moved');
  return page;
}

/** Reads a directory's entries for `use`, and closes it after. */
async function scan<T>(
  sandbox: Sandbox,
  directory: ResolvedPath,
  options: { sort: boolean; use: (listing: DirectoryEntries) => Promise<T> }
): Promise<T> {
  const listing = await readEntries(sandbox, directory, { sort: options.sort });
  try {
    return await options.use(listing);
  } finally {
    closeEntries(listing);
  }
}

function visibleIn(
  sandbox: Sandbox,
  where: { directory: ResolvedPath; includeHidden: boolean }
): (dirent: Dirent) => boolean {
  const { directory, includeHidden } = where;
  return dirent =>
    (includeHidden || !dirent.name.startsWith('.')) &&
    (sandbox.deny.patterns.length === 0 || !sandbox.deny.denies(sandbox.child(directory, dirent.name)));
}

function toEntry(dirent: Dirent): ListedEntry {
  return { name: dirent.name, type: entryType(dirent) };
}

/**
 * One page of a stream of entries: from visible entry `start` until `limit` entries or `maxBytes`
 * are reached, as fitPage pages an array (nextOffset only when an entry is left). `moved` when
 * the visible entry at `check.at` is not the marked one.
 */
async function pageOf(
  source: Iterable<Dirent> | AsyncIterable<Dirent>,
  request: ListingRequest & {
    visible: (dirent: Dirent) => boolean;
    start: number;
    check: { at: number; mark: string } | undefined;
  }
): Promise<Extract<Listing, { kind: 'streamed' }> | { kind: 'moved' }> {
  const { start, check, limit, maxBytes, costs, visible } = request;
  const page: ListedEntry[] = [];
  const meter = new PageMeter(maxBytes);
  let index = 0;
  for await (const dirent of source) {
    if (!visible(dirent)) continue;
    const at = index++;
    if (at === check?.at && markOf(dirent.name) !== check.mark) return { kind: 'moved' };
    if (at < start) continue;
    const entry = toEntry(dirent);
    // As fitPage measures a page of an array, here one entry at a time.
    if (page.length >= limit || !meter.add(costs(entry))) {
      return { kind: 'streamed', page, nextOffset: start + page.length };
    }
    page.push(entry);
  }
  return { kind: 'streamed', page };
}

/** The visible index of the entry whose name has `mark`, or -1. */
async function indexOfMark(
  source: Iterable<Dirent> | AsyncIterable<Dirent>,
  find: { visible: (dirent: Dirent) => boolean; mark: string }
): Promise<number> {
  let index = 0;
  for await (const dirent of source) {
    if (!find.visible(dirent)) continue;
    if (markOf(dirent.name) === find.mark) return index;
    index++;
  }
  return -1;
}

/** The warning of a listing in directory order. */
export function directoryOrderWarning(directory: ResolvedPath): WalkWarning {
  return {
    kind: 'unsorted_directory',
    path: directory.requested,
    message: `${shownPath(directory.requested)} is listed in directory order, not sorted: it had more than ${SORTED_LISTING_LIMIT} entries, too many to sort, so its entries are not counted either. Pass nextCursor to go on.`
  };
}
