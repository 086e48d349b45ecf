import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { opendirSync } from 'node:fs';
import type { Dir } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, rename, rmdir, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { AllowedRoot } from './allowed-roots.js';
import { canVerifyDescriptors, descriptorPath, withAnchor } from './anchored-directory.js';
import type { DenyList } from './deny-list.js';
import { fromFsError, pathError } from './path-errors.js';
import { resolveWithin } from './resolve-within.js';
import { copyTree, findExcluded, removeTree } from './tree-ops.js';
import type { PathIntent, ResolvedPath } from './resolve-within.js';

export interface SandboxOptions {
  roots: readonly AllowedRoot[];
  deny: DenyList;
  readOnly: boolean;
  /**
   * Test seam: runs after a path is resolved and before it is used, so tests can swap a path
   * component for a symlink in exactly the window a time-of-check/time-of-use attack needs.
   */
  beforeUse?: (resolved: ResolvedPath) => Promise<void> | void;
}

/** An open regular file that was verified to be the resolved one. */
export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
}

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND, O_NOFOLLOW, O_NONBLOCK } = constants;
// O_NONBLOCK: opening a named pipe must not wait for a writer (regular files ignore the flag).
const READ_FLAGS = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;

/**
 * Every filesystem operation the tools perform, confined to the allowed roots of one request.
 * Paths enter only through {@link resolve} ({@link resolveWithin}); operations act through anchored
 * parent directories with `O_NOFOLLOW`, so a symlink planted or swapped in after the check is never
 * followed out of the roots. Writes go to a temp file in the same directory and are renamed into
 * place, so a reader never sees a half-written file and a planted link is replaced, not followed.
 */
export class Sandbox {
  constructor(private readonly options: SandboxOptions) {}

  get roots(): readonly AllowedRoot[] {
    return this.options.roots;
  }

  get readOnly(): boolean {
    return this.options.readOnly;
  }

  get deny(): DenyList {
    return this.options.deny;
  }

  /** Confines a caller's path (see {@link resolveWithin}). */
  async resolve(input: string, intent: PathIntent): Promise<ResolvedPath> {
    const resolved = await resolveWithin(input, intent, this.options);
    await this.options.beforeUse?.(resolved);
    return resolved;
  }

  /** A resolved path for an entry found while walking a confined directory. */
  child(parent: ResolvedPath, name: string, exists = true): ResolvedPath {
    return {
      requested: join(parent.requested, name),
      real: join(parent.real, name),
      root: parent.root,
      relative: parent.relative === '' ? name : `${parent.relative}/${name}`,
      exists
    };
  }

  /**
   * Opens a regular file for reading; refuses directories and anything that moved. Where the
   * descriptor can be verified (Linux), the file is opened by its real path with O_NOFOLLOW and the
   * descriptor's own path must equal it, so a swapped component anywhere in the path is caught;
   * elsewhere the file is opened through an anchored parent.
   */
  async openFile(resolved: ResolvedPath): Promise<OpenedFile> {
    refuseSpecialFile(resolved);
    const handle = canVerifyDescriptors
      ? await open(resolved.real, READ_FLAGS).catch(error => {
          throw fromFsError(error, resolved.requested);
        })
      : await withAnchor(dirname(resolved.real), resolved.requested, anchor =>
          open(anchor.entry(basename(resolved.real)), READ_FLAGS).catch(error => {
            throw fromFsError(error, resolved.requested);
          })
        );
    try {
      const actual = descriptorPath(handle);
      if (actual !== undefined && actual !== resolved.real) {
        throw pathError('PATH_CHANGED', `${resolved.requested} changed while it was being opened.`);
      }
      const stats = fstatSync(handle.fd);
      assertRegularFile(stats, resolved);
      return { handle, stats };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Reads a file of at most `limit` bytes whole, with synchronous calls: for a small local file one
   * open, read and close cost microseconds each, where thread-pool round trips cost tens. Returns
   * undefined when the file is larger (or descriptors cannot be verified here): use
   * {@link openFile} and stream it then. The same checks as openFile apply.
   */
  readSmallFile(resolved: ResolvedPath, limit: number): { bytes: Buffer; stats: Stats } | undefined {
    if (!canVerifyDescriptors) return undefined;
    refuseSpecialFile(resolved);
    let fd: number;
    try {
      fd = openSync(resolved.real, READ_FLAGS);
    } catch (error) {
      throw fromFsError(error, resolved.requested);
    }
    try {
      if (descriptorPath(fd) !== resolved.real) {
        throw pathError('PATH_CHANGED', `${resolved.requested} changed while it was being opened.`);
      }
      const stats = fstatSync(fd);
      assertRegularFile(stats, resolved);
      if (stats.size > limit) return undefined;
      const bytes = Buffer.allocUnsafe(stats.size);
      let filled = 0;
      while (filled < bytes.length) {
        const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
        if (read === 0) break;
        filled += read;
      }
      return { bytes: bytes.subarray(0, filled), stats };
    } finally {
      closeSync(fd);
    }
  }

  /** Reads a whole (small) file; callers with a size limit check `stats.size` first. */
  async readFile(resolved: ResolvedPath): Promise<Buffer> {
    const { handle } = await this.openFile(resolved);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /**
   * The stats of a path resolved for reading. Its real path has no symlink left in it, so a link
   * found in its place now was swapped in after the check: refused rather than followed.
   */
  async stat(resolved: ResolvedPath): Promise<Stats> {
    const stats = await withAnchor(dirname(resolved.real), resolved.requested, anchor =>
      lstat(anchor.entry(basename(resolved.real))).catch(error => {
        throw fromFsError(error, resolved.requested);
      })
    ).catch(error => this.rootStat(resolved, error));
    if (stats.isSymbolicLink()) {
      throw pathError('PATH_CHANGED', `${resolved.requested} changed while it was being used.`);
    }
    return stats;
  }

  /** The entry itself (a symlink is reported as a symlink). */
  async lstat(resolved: ResolvedPath): Promise<Stats> {
    return withAnchor(dirname(resolved.real), resolved.requested, anchor =>
      lstat(anchor.entry(basename(resolved.real))).catch(error => {
        throw fromFsError(error, resolved.requested);
      })
    ).catch(error => this.rootStat(resolved, error));
  }

  /** The target text of a symlink (resolved with intent `entry`). */
  async readLink(resolved: ResolvedPath): Promise<string> {
    return withAnchor(dirname(resolved.real), resolved.requested, anchor =>
      readlink(anchor.entry(basename(resolved.real))).catch(error => {
        throw fromFsError(error, resolved.requested);
      })
    );
  }

  /** Lists a directory's entries through an anchor on the directory itself. */
  async readDirectory(resolved: ResolvedPath): Promise<Dirent[]> {
    return withAnchor(resolved.real, resolved.requested, anchor =>
      readdir(anchor.path, { withFileTypes: true }).catch(error => {
        throw fromFsError(error, resolved.requested);
      })
    ).catch(error => {
      // The path was just resolved, so its parents are directories: ENOTDIR means it is a file.
      if ((error as { code?: unknown }).code === 'NOT_A_DIRECTORY') {
        throw pathError('NOT_A_DIRECTORY', `${resolved.requested} is not a directory.`);
      }
      throw error;
    });
  }

  /** The lstat of each named entry of a directory, through one anchor (undefined where it fails). */
  async statEntries(directory: ResolvedPath, names: readonly string[]): Promise<(Stats | undefined)[]> {
    return withAnchor(directory.real, directory.requested, anchor =>
      Promise.all(names.map(name => lstat(anchor.entry(name)).catch(() => undefined)))
    );
  }

  /**
   * Replaces (or creates) a file atomically: `write` fills a temp file created with O_EXCL in the
   * same anchored directory, which is then renamed over the target. An existing file keeps its mode.
   */
  async writeAtomic(resolved: ResolvedPath, write: (handle: FileHandle) => Promise<void>): Promise<void> {
    this.assertWritable(resolved);
    const name = basename(resolved.real);
    await withAnchor(dirname(resolved.real), resolved.requested, async anchor => {
      const existing = await lstat(anchor.entry(name)).catch(() => undefined);
      if (existing?.isDirectory()) {
        throw pathError('NOT_A_FILE', `${resolved.requested} is a directory, not a file.`);
      }
      // Permission bits only: setuid, setgid and sticky are never carried onto content written here.
      const mode = existing?.isFile() ? existing.mode & 0o777 : 0o666;
      const temp = `.${name.slice(0, 80)}.${randomBytes(6).toString('hex')}.mcpkit-tmp`;
      const handle = await open(anchor.entry(temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode).catch(
        error => {
          throw fromFsError(error, resolved.requested);
        }
      );
      try {
        await write(handle);
        if (existing?.isFile()) await handle.chmod(mode);
        await handle.sync();
        await handle.close();
        await rename(anchor.entry(temp), anchor.entry(name));
      } catch (error) {
        await handle.close().catch(() => undefined);
        await unlink(anchor.entry(temp)).catch(() => undefined);
        throw fromFsError(error, resolved.requested);
      }
    });
  }

  /** Appends to a file (creating it), never following a symlink in its place. */
  async append(resolved: ResolvedPath, data: string): Promise<void> {
    this.assertWritable(resolved);
    await withAnchor(dirname(resolved.real), resolved.requested, async anchor => {
      const entry = anchor.entry(basename(resolved.real));
      // The type is checked before any open: opening a named pipe for writing would release a
      // reader blocked on it, and opening a device can act on it. A new file is created with
      // O_EXCL, an existing one opened without O_CREAT, so what was checked is what is opened
      // (O_NONBLOCK: something swapped in since fails at once rather than waiting).
      const existing = await lstat(entry).catch(() => undefined);
      if (existing !== undefined && !existing.isFile()) {
        throw pathError('NOT_A_FILE', `${resolved.requested} is not a regular file.`);
      }
      const handle = await open(
        entry,
        existing === undefined
          ? O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW
          : O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK,
        0o666
      ).catch(error => {
        throw fromFsError(error, resolved.requested);
      });
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) {
          throw pathError('NOT_A_FILE', `${resolved.requested} is not a regular file.`);
        }
        if (stats.nlink > 1) {
          // Appending writes the shared inode, which may also be reachable outside the roots.
          throw pathError(
            'ACCESS_DENIED',
            `${resolved.requested} has other hard links; appending in place is refused.`,
            'Rewrite the whole file with write_file (it replaces this link only).'
          );
        }
        await handle.appendFile(data, 'utf8');
      } finally {
        await handle.close();
      }
    });
  }

  /** Creates a directory and any missing parents, one anchored component at a time (`mkdir -p`). */
  async makeDirectory(resolved: ResolvedPath): Promise<boolean> {
    this.assertWritable(resolved);
    const missing: string[] = [];
    let cursor = resolved.real;
    while (!(await exists(cursor))) {
      missing.unshift(cursor);
      const parent = dirname(cursor);
      if (parent === cursor) break;
      cursor = parent;
    }
    if (missing.length === 0) {
      if (!(await this.stat(resolved)).isDirectory()) {
        throw pathError('ALREADY_EXISTS', `${resolved.requested} exists and is not a directory.`);
      }
      return false;
    }
    for (const directory of missing) {
      await withAnchor(dirname(directory), resolved.requested, anchor =>
        mkdir(anchor.entry(basename(directory))).catch(error => {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
            throw fromFsError(error, resolved.requested);
        })
      );
    }
    return true;
  }

  /** Removes an entry (resolved with intent `entry`); directories only when empty or `recursive`. */
  async remove(resolved: ResolvedPath, recursive: boolean): Promise<Stats> {
    this.assertWritable(resolved);
    this.assertNotRoot(resolved, 'delete');
    return withAnchor(dirname(resolved.real), resolved.requested, async anchor => {
      const target = anchor.entry(basename(resolved.real));
      const stats = await lstat(target).catch(error => {
        throw fromFsError(error, resolved.requested);
      });
      if (stats.isDirectory()) {
        if (recursive) {
          await this.refuseDeniedInside(
            { parent: anchor.path, name: basename(resolved.real) },
            {
              requested: resolved.requested,
              verb: 'deleted',
              denied: relative => this.options.deny.denies({ real: join(resolved.real, relative) })
            },
            'Deleting it would remove a file the operator protects. Delete the other entries individually.'
          );
          await removeTree({ parent: anchor.path, name: basename(resolved.real) }).catch(error => {
            throw fromFsError(error, resolved.requested);
          });
        } else
          await rmdir(target).catch(error => {
            throw fromFsError(error, resolved.requested);
          });
      } else {
        await unlink(target).catch(error => {
          throw fromFsError(error, resolved.requested);
        });
      }
      return stats;
    });
  }

  /** Moves an entry; the destination must not exist. */
  async move(source: ResolvedPath, destination: ResolvedPath): Promise<void> {
    this.assertWritable(destination);
    this.assertNotRoot(source, 'move');
    await withAnchor(dirname(source.real), source.requested, from =>
      withAnchor(dirname(destination.real), destination.requested, async to => {
        const target = to.entry(basename(destination.real));
        if (await exists(target)) {
          throw pathError('ALREADY_EXISTS', `${destination.requested} already exists; nothing was moved.`);
        }
        await this.refuseDeniedInside(
          { parent: from.path, name: basename(source.real) },
          { requested: source.requested, denied: this.movedEntryDenied(source, destination), verb: 'moved' },
          'Moving it would expose a denied file under a new name. Move the other entries individually.'
        );
        await rename(from.entry(basename(source.real)), target).catch(error => {
          throw fromFsError(error, `${source.requested} → ${destination.requested}`);
        });
      })
    );
  }

  /**
   * Copies a directory tree through pinned directories on both sides (see copyTree): symlinks are
   * copied as links, deny-listed entries and special files are left out. The destination must not
   * exist. Returns how many entries were left out.
   */
  async copyDirectory(source: ResolvedPath, destination: ResolvedPath): Promise<number> {
    this.assertWritable(destination);
    const policy = { excluded: this.movedEntryDenied(source, destination), skipped: 0 };
    await withAnchor(dirname(source.real), source.requested, from =>
      withAnchor(dirname(destination.real), destination.requested, async to => {
        const target = to.entry(basename(destination.real));
        if (await exists(target)) {
          throw pathError('ALREADY_EXISTS', `${destination.requested} already exists; nothing was copied.`);
        }
        await copyTree(
          { parent: from.path, name: basename(source.real) },
          { parent: to.path, name: basename(destination.real) },
          policy
        ).catch(error => {
          throw fromFsError(error, `${source.requested} → ${destination.requested}`);
        });
      })
    );
    return policy.skipped;
  }

  /**
   * For an entry moved or copied from `source` to `destination`: whether a path under it (relative
   * to it) is denied at either end, so the deny list cannot be dodged by renaming a parent.
   */
  private movedEntryDenied(source: ResolvedPath, destination: ResolvedPath): (relative: string) => boolean {
    const deny = this.options.deny;
    if (deny.patterns.length === 0) return () => false;
    return relative =>
      deny.denies({ real: join(source.real, relative) }) ||
      deny.denies({ real: join(destination.real, relative) });
  }

  /**
   * Refuses to act on a directory tree holding an entry the deny list covers (`denied`, by path
   * relative to the tree), without naming that entry: its existence is the operator's to keep.
   */
  private async refuseDeniedInside(
    tree: { parent: string; name: string },
    what: { requested: string; denied: (relative: string) => boolean; verb: 'moved' | 'deleted' },
    hint: string
  ): Promise<void> {
    if (this.options.deny.patterns.length === 0) return;
    if ((await findExcluded(tree, what.denied)) === undefined) return;
    throw pathError(
      'ACCESS_DENIED',
      `${what.requested} holds entries the server's deny list covers; nothing was ${what.verb}.`,
      hint
    );
  }

  private assertWritable(resolved: ResolvedPath): void {
    if (this.options.readOnly) {
      throw pathError(
        'READ_ONLY',
        `${resolved.requested} cannot be changed: the server runs in read-only mode.`
      );
    }
  }

  private assertNotRoot(resolved: ResolvedPath, verb: string): void {
    if (this.options.roots.some(root => root.real === resolved.real)) {
      throw pathError(
        'ACCESS_DENIED',
        `${resolved.requested} is an allowed directory itself and cannot be ${verb === 'move' ? 'moved' : 'deleted'}.`,
        'Act on entries inside it instead.'
      );
    }
  }

  /** An allowed root's parent may be unreadable; stat the root by its real path then. */
  private async rootStat(resolved: ResolvedPath, error: unknown): Promise<Stats> {
    if (resolved.relative === '') return lstat(resolved.real);
    throw error;
  }

  /**
   * Opens a directory to read its entries a buffer at a time, in the order the system keeps them:
   * for directories that may be too large to hold whole ({@link readDirectory} returns every entry
   * at once). Opened through an anchor on the directory itself, so the returned Dir (which keeps a
   * descriptor of its own) reads the directory that was verified. The caller closes it.
   */
  async openDirectory(resolved: ResolvedPath): Promise<Dir> {
    return withAnchor(resolved.real, resolved.requested, anchor => {
      try {
        // Synchronous, as the anchor is (see anchorDirectory); each buffer refill is one getdents
        // of up to 1024 entries rather than the default 32.
        return Promise.resolve(opendirSync(anchor.path, { bufferSize: 1024 }));
      } catch (error) {
        throw fromFsError(error, resolved.requested);
      }
    }).catch(error => {
      // The path was just resolved, so its parents are directories: ENOTDIR means it is a file.
      if ((error as { code?: unknown }).code === 'NOT_A_DIRECTORY') {
        throw pathError('NOT_A_DIRECTORY', `${resolved.requested} is not a directory.`);
      }
      throw error;
    });
  }
}

function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false
  );
}

function assertRegularFile(stats: Stats, resolved: ResolvedPath): void {
  if (stats.isDirectory()) {
    throw pathError('NOT_A_FILE', `${resolved.requested} is a directory, not a file.`);
  }
  if (!stats.isFile()) {
    throw pathError(
      'NOT_A_FILE',
      `${resolved.requested} is not a regular file (a device, socket or pipe).`,
      'Only regular files can be read.'
    );
  }
}

/**
 * Opening a device can have side effects (a tape rewinds, a terminal is claimed): anything that is
 * neither a regular file nor a directory is refused before it is opened. (After opening, the
 * descriptor's own type is checked again.)
 */
function refuseSpecialFile(resolved: ResolvedPath): void {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(resolved.real, { throwIfNoEntry: false });
  } catch (error) {
    // A component that is a file (ENOTDIR), say: the same readable error as the open would give.
    throw fromFsError(error, resolved.requested);
  }
  if (stats && !stats.isFile() && !stats.isDirectory() && !stats.isSymbolicLink()) {
    throw pathError(
      'NOT_A_FILE',
      `${resolved.requested} is not a regular file (a device, socket or pipe).`,
      'Only regular files can be read.'
    );
  }
}
