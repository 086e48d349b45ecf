import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, rmdir, symlink, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

import { pinChild } from './anchored-directory.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

/** An entry named by a pinned directory prefix and a single name (never a multi-component path). */
export interface EntryAt {
  /** Syscall prefix of a pinned directory (`/proc/self/fd/N` on Linux). */
  parent: string;
  name: string;
}

/**
 * Removes an entry and, for a directory, everything under it, depth first and one entry at a time.
 * Every directory is pinned before its entries are touched and every operation names a single entry
 * of a pinned directory, so swapping a directory for a symlink mid-way cannot redirect a deletion;
 * nothing is left running when an error stops it.
 */
export async function removeTree(
  entry: EntryAt & { relative?: string },
  hooks: TreeHooks = {}
): Promise<void> {
  const target = `${entry.parent}/${entry.name}`;
  const relative = entry.relative ?? '';
  if (!(await lstat(target)).isDirectory()) {
    await unlink(target);
    return;
  }
  const directory = pinChild(entry.parent, entry.name);
  try {
    await hooks.visit?.(relative);
    for (const name of await readdir(directory.path)) {
      await removeTree(
        { parent: directory.path, name, relative: relative === '' ? name : `${relative}/${name}` },
        hooks
      );
    }
  } finally {
    directory.close();
  }
  await rmdir(target);
}

/** Test seam: runs when a directory has been pinned and before its entries are touched. */
export interface TreeHooks {
  visit?: (relativePath: string) => Promise<void> | void;
}

/** What a copy leaves out: deny-listed entries and special files (devices, sockets, pipes). */
export interface CopyPolicy extends TreeHooks {
  /** True when the entry at this source-relative path must not be copied. */
  excluded(relativePath: string): boolean;
  skipped: number;
}

/**
 * Copies an entry to a new name that must not exist: files by content (mode kept without setuid,
 * setgid or sticky bits), symlinks as links (never followed), directories recursively through
 * pinned directories on both sides. Special files and excluded entries are skipped and counted.
 */
export async function copyTree(
  from: EntryAt & { relative?: string },
  to: EntryAt,
  policy: CopyPolicy
): Promise<void> {
  const relative = from.relative ?? '';
  const source = `${from.parent}/${from.name}`;
  const target = `${to.parent}/${to.name}`;
  if (relative !== '' && policy.excluded(relative)) {
    policy.skipped++;
    return;
  }
  const stats = await lstat(source);
  if (stats.isSymbolicLink()) {
    await symlink(await readlink(source), target);
  } else if (stats.isFile()) {
    await copyFile(source, { target, mode: stats.mode & 0o777 });
  } else if (stats.isDirectory()) {
    await mkdir(target, (stats.mode & 0o777) | 0o700);
    const sourceDirectory = pinChild(from.parent, from.name);
    try {
      const targetDirectory = pinChild(to.parent, to.name);
      try {
        await policy.visit?.(relative);
        for (const name of (await readdir(sourceDirectory.path)).sort()) {
          await copyTree(
            { parent: sourceDirectory.path, name, relative: relative === '' ? name : `${relative}/${name}` },
            { parent: targetDirectory.path, name },
            policy
          );
        }
      } finally {
        targetDirectory.close();
      }
    } finally {
      sourceDirectory.close();
    }
  } else {
    policy.skipped++;
  }
}

async function copyFile(source: string, destination: { target: string; mode: number }): Promise<void> {
  const input = await open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    if (!(await input.stat()).isFile()) return;
    const output = await open(destination.target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, destination.mode);
    try {
      await copyContents(input, output);
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** Streams one open file into another in 1 MiB chunks (bounded memory for any size). */
export async function copyContents(source: FileHandle, target: FileHandle): Promise<void> {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let position = 0;
  for (;;) {
    const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    await target.write(buffer, 0, bytesRead);
    position += bytesRead;
  }
}

/** The first source-relative path under a directory entry that `excluded` matches, if any. */
export async function findExcluded(
  entry: EntryAt,
  excluded: (relativePath: string) => boolean,
  relative = ''
): Promise<string | undefined> {
  if (relative !== '' && excluded(relative)) return relative;
  if (!(await lstat(`${entry.parent}/${entry.name}`)).isDirectory()) return undefined;
  const directory = pinChild(entry.parent, entry.name);
  try {
    for (const name of await readdir(directory.path)) {
      const found = await findExcluded(
        { parent: directory.path, name },
        excluded,
        relative === '' ? name : `${relative}/${name}`
      );
      if (found !== undefined) return found;
    }
  } finally {
    directory.close();
  }
  return undefined;
}
