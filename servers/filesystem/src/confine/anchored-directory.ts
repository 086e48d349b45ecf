import { constants, existsSync } from 'node:fs';
import { open, readlink, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

import { fromFsError, pathError } from './path-errors.js';

/**
 * A directory pinned for the length of one operation. On Linux it is an open descriptor whose real
 * path was verified, and `path` is `/proc/self/fd/<fd>`: every name resolved under it is resolved
 * inside that exact directory (as `openat` would), so swapping a path component for a symlink after
 * validation cannot redirect the operation. Elsewhere `path` is the real path, re-verified.
 */
export interface AnchoredDirectory {
  /** The prefix to use for syscalls on entries of this directory. */
  readonly path: string;
  /** The verified real path of the directory. */
  readonly real: string;
  /** The syscall path of an entry directly in this directory. */
  entry(name: string): string;
  close(): Promise<void>;
}

const PROC_FD = '/proc/self/fd';
const hasProcFd = process.platform === 'linux' && existsSync(PROC_FD);

/** The real path of an open descriptor, where the platform can tell it. */
export async function descriptorPath(handle: FileHandle): Promise<string | undefined> {
  return hasProcFd ? readlink(`${PROC_FD}/${handle.fd}`) : undefined;
}

/**
 * Opens `real` (an absolute real path) as an anchor, refusing a final symlink and checking that the
 * directory opened is the one expected. `display` names it in errors.
 */
export async function anchorDirectory(real: string, display: string): Promise<AnchoredDirectory> {
  if (!hasProcFd) {
    const now = await realpath(real).catch(error => {
      throw fromFsError(error, display);
    });
    if (now !== real) throw changed(display);
    return { path: real, real, entry: name => `${real}/${name}`, close: () => Promise.resolve() };
  }
  const handle = await open(real, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW).catch(
    error => {
      throw fromFsError(error, display);
    }
  );
  try {
    if ((await descriptorPath(handle)) !== real) throw changed(display);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const path = `${PROC_FD}/${handle.fd}`;
  return { path, real, entry: name => `${path}/${name}`, close: () => handle.close() };
}

/** Runs `use` with `real` anchored, closing the anchor afterwards. */
export async function withAnchor<T>(
  real: string,
  display: string,
  use: (anchor: AnchoredDirectory) => Promise<T>
): Promise<T> {
  const anchor = await anchorDirectory(real, display);
  try {
    return await use(anchor);
  } finally {
    await anchor.close();
  }
}

function changed(display: string) {
  return pathError('PATH_CHANGED', `${display} changed while it was being used.`);
}
