import type { Dir, Dirent } from 'node:fs';

import { fromFsError } from '../confine/path-errors.js';
import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { createPacer } from './pacer.js';

/**
 * Directories of at most this many entries are read whole and sorted by name; larger ones are
 * streamed in the order the system keeps them, never held whole (a 200,000-entry directory read
 * whole, with a stat of each entry, took hundreds of megabytes per call).
 */
export const SORTED_LISTING_LIMIT = 10_000;

/**
 * The entries of one directory (see {@link readEntries}): `whole` when it had at most the limit,
 * all in memory and sorted by name when asked; `streamed` when it had more: they come in directory
 * order, a buffer at a time, from `stream()` (run it once; it closes the directory at its end).
 */
export type DirectoryEntries =
  | { kind: 'whole'; entries: readonly Dirent[] }
  | {
      kind: 'streamed';
      stream(): AsyncGenerator<Dirent>;
      /** Closes the directory; needed only when stream() was not run to its end. Idempotent. */
      close(): void;
    };

export interface ReadEntriesOptions {
  /** Sort a directory read whole by name (code-unit order). Streamed entries are never sorted. */
  sort: boolean;
  /** Most entries to read whole (default {@link SORTED_LISTING_LIMIT}). */
  limit?: number;
}

/** The kind of a directory entry, as a listing or walk saw it (symlinks are never followed). */
export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export function entryType(dirent: Dirent): EntryType {
  if (dirent.isDirectory()) return 'directory';
  if (dirent.isFile()) return 'file';
  if (dirent.isSymbolicLink()) return 'symlink';
  return 'other';
}

/** Orders names by UTF-16 code units, as the listings always have (not by locale). */
export function byName(left: { name: string }, right: { name: string }): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

/**
 * Reads up to `limit` + 1 entries of a confined directory: when the directory ends first it is
 * closed and its entries are returned whole, otherwise the rest stays open to be streamed. Either
 * way at most `limit` + 1 entries are held. Throws what {@link Sandbox.openDirectory} throws.
 */
export async function readEntries(
  sandbox: Sandbox,
  directory: ResolvedPath,
  options: ReadEntriesOptions
): Promise<DirectoryEntries> {
  const limit = options.limit ?? SORTED_LISTING_LIMIT;
  const dir = await sandbox.openDirectory(directory);
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    dir.closeSync();
  };
  const head: Dirent[] = [];
  try {
    const pacer = createPacer();
    for (let entry = readNext(dir, directory); entry !== null; entry = readNext(dir, directory)) {
      head.push(entry);
      if (head.length > limit) break;
      const pause = pacer.due();
      if (pause) await pause;
    }
  } catch (error) {
    close();
    throw error;
  }
  if (head.length <= limit) {
    close();
    if (options.sort) head.sort(byName);
    return { kind: 'whole', entries: head };
  }
  return { kind: 'streamed', stream: () => fromDirectory(head, { dir, directory, close }), close };
}

/** Every entry of a listing in its order: the array of a whole one, the stream of a streamed one. */
export function eachEntry(listing: DirectoryEntries): Iterable<Dirent> | AsyncIterable<Dirent> {
  return listing.kind === 'whole' ? listing.entries : listing.stream();
}

/** Closes a streamed listing (a whole one holds nothing open). */
export function closeEntries(listing: DirectoryEntries): void {
  if (listing.kind === 'streamed') listing.close();
}

async function* fromDirectory(
  head: readonly Dirent[],
  source: { dir: Dir; directory: ResolvedPath; close: () => void }
): AsyncGenerator<Dirent> {
  const { dir, directory } = source;
  try {
    yield* head;
    const pacer = createPacer();
    for (let entry = readNext(dir, directory); entry !== null; entry = readNext(dir, directory)) {
      yield entry;
      const pause = pacer.due();
      if (pause) await pause;
    }
  } finally {
    source.close();
  }
}

/**
 * The next entry, or null at the end. Synchronous: it takes entries from the Dir's buffer, and only
 * a refill (1,024 entries) is a system call, as cheap as the anchor's own open.
 */
function readNext(dir: Dir, directory: ResolvedPath): Dirent | null {
  try {
    return dir.readSync();
  } catch (error) {
    throw fromFsError(error, directory.requested);
  }
}
