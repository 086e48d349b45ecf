import { closeSync, constants, existsSync, openSync, readlinkSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
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

/** True where open descriptors can be verified and used as anchors (`/proc/self/fd`). */
export const canVerifyDescriptors = hasProcFd;

/**
 * The real path of an open descriptor, where the platform can tell it. Reading a `/proc` link
 * does no disk I/O, so it is done synchronously (a thread-pool round trip would cost more).
 */
export function descriptorPath(handle: FileHandle | number): string | undefined {
  const fd = typeof handle === 'number' ? handle : handle.fd;
  return hasProcFd ? readlinkSync(`${PROC_FD}/${fd}`) : undefined;
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
  // Opening and closing a directory is metadata work on cached entries: done synchronously it costs
  // microseconds, where each thread-pool round trip would cost tens of them.
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    throw fromFsError(error, display);
  }
  const path = `${PROC_FD}/${fd}`;
  try {
    if (readlinkSync(path) !== real) throw changed(display);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return {
    path,
    real,
    entry: name => `${path}/${name}`,
    close: () => {
      closeSync(fd);
      return Promise.resolve();
    }
  };
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

/**
 * Pins the directory `name` directly under the pinned directory `parent` (a syscall prefix from an
 * anchor): opened with O_DIRECTORY | O_NOFOLLOW relative to the parent's descriptor, so neither a
 * swapped ancestor nor a symlink in `name`'s place can redirect it. Elsewhere than Linux the
 * returned prefix is a plain path.
 */
export function pinChild(parent: string, name: string): { path: string; close(): void } {
  if (!hasProcFd) return { path: `${parent}/${name}`, close: () => undefined };
  const fd = openSync(`${parent}/${name}`, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  return { path: `${PROC_FD}/${fd}`, close: () => closeSync(fd) };
}
