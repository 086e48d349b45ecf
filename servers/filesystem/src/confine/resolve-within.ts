import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import type { AllowedRoot } from './allowed-roots.js';
import { expandUserPath, isWithin } from './allowed-roots.js';
import type { DenyList } from './deny-list.js';
import { fromFsError, pathError } from './path-errors.js';

/**
 * How a path is meant: `read` follows every symlink (the target must be inside); `write` too, and
 * the path may not exist yet; `entry` acts on the directory entry itself (delete, move, lstat), so
 * its parent is resolved and its last component is not followed.
 */
export type PathIntent = 'read' | 'write' | 'entry';

/** A path that passed confinement, and where the operation must happen. */
export interface ResolvedPath {
  /** The path as the caller gave it; used in messages. */
  requested: string;
  /** The real location (for `entry`, the real parent joined with the entry's own name). */
  real: string;
  /** The allowed root that contains it. */
  root: AllowedRoot;
  /** Path relative to the root, with `/` separators ('' for the root itself). */
  relative: string;
  exists: boolean;
}

export interface ResolveOptions {
  roots: readonly AllowedRoot[];
  deny: DenyList;
  readOnly: boolean;
}

const MAX_LINK_DEPTH = 40;

/**
 * The filesystem server's single confinement check; every path a client sends passes through it.
 * It rejects NUL bytes and empty paths, resolves relative paths against the allowed directories,
 * resolves symlinks (also of parents of a path that does not exist yet, and dangling links), and
 * accepts the result only when its real path lies inside an allowed root, compared component by
 * component. Deny globs and read-only mode are enforced here too. Operations then use the returned
 * real path through an anchored directory (see `anchorDirectory`), never the caller's string.
 */
export async function resolveWithin(
  input: string,
  intent: PathIntent,
  options: ResolveOptions
): Promise<ResolvedPath> {
  if (options.roots.length === 0) {
    throw pathError('NO_ALLOWED_DIRECTORIES', 'No directory is allowed, so no path can be used.');
  }
  if (input.length === 0) throw pathError('INVALID_PATH', 'The path is empty.');
  if (input.includes('\0')) throw pathError('INVALID_PATH', 'The path contains a NUL byte.');
  let expanded: string;
  try {
    expanded = expandUserPath(input);
  } catch {
    throw pathError('INVALID_PATH', `${input} is not a valid file:// URI.`);
  }
  const absolute = isAbsolute(expanded) ? resolve(expanded) : resolveRelative(expanded, options.roots);
  const lexical = options.roots.find(root => isWithin(root.path, absolute) || isWithin(root.real, absolute));
  if (!lexical) throw outside(input);

  // The path as named is judged first, before anything is looked up: whether a denied directory
  // exists cannot be told from the answer (a missing parent would otherwise say "does not exist").
  if (options.deny.denies({ real: absolute })) throw denied(input);
  const isRoot = options.roots.some(root => root.path === absolute || root.real === absolute);
  const location =
    intent === 'entry' && !isRoot
      ? await entryLocation(absolute, input, options.roots)
      : await realLocation(absolute, 0);
  const root = options.roots.find(candidate => isWithin(candidate.real, location.real));
  if (!root) throw outside(input, true);
  const rel = relative(root.real, location.real).split(sep).join('/');
  // And where it leads: a link inside to a denied file is denied too.
  if (options.deny.denies(location)) throw denied(input);
  // Entry intents also serve reads (get_file_info); deleting and moving are refused by the Sandbox.
  if (intent === 'write' && options.readOnly) {
    throw pathError('READ_ONLY', `${input} cannot be changed: the server runs in read-only mode.`);
  }
  return { requested: input, real: location.real, root, relative: rel, exists: location.exists };
}

/** A relative path is tried against each allowed root; the first where it exists wins. */
function resolveRelative(path: string, roots: readonly AllowedRoot[]): string {
  for (const root of roots) {
    const candidate = resolve(root.path, path);
    if (present(candidate)) return candidate;
  }
  return resolve((roots[0] as AllowedRoot).path, path);
}

async function entryLocation(
  absolute: string,
  display: string,
  roots: readonly AllowedRoot[]
): Promise<{ real: string; exists: boolean }> {
  const parent = await realLocation(dirname(absolute), 0);
  if (!parent.exists) {
    // Where the missing parent would be is judged first: through a link to the outside, a
    // missing directory gets the same answer as an existing one, so neither can be told apart.
    if (!roots.some(root => isWithin(root.real, parent.real))) throw outside(display, true);
    throw pathError('NOT_FOUND', `The parent directory of ${display} does not exist.`);
  }
  const real = join(parent.real, basename(absolute));
  return { real, exists: present(real) };
}

/**
 * The real location of `absolute`: its realpath when it exists; otherwise the realpath of its
 * deepest existing ancestor joined with the missing names, following a dangling symlink to where
 * it points (so creating through it is judged by its target).
 */
async function realLocation(absolute: string, depth: number): Promise<{ real: string; exists: boolean }> {
  try {
    // Resolution is metadata only (cached dentries): a synchronous call costs microseconds where a
    // thread-pool round trip costs tens of them, and this runs once or twice per tool call.
    return { real: realpathSync.native(absolute), exists: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EACCES too: where an unreadable directory is decides, as for a missing one (see entryStats).
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EACCES') throw fromFsError(error, absolute);
  }
  const parentPath = dirname(absolute);
  if (parentPath === absolute) return { real: absolute, exists: false };
  const parent = await realLocation(parentPath, depth);
  const here = join(parent.real, basename(absolute));
  const link = entryStats(here);
  if (link?.isSymbolicLink()) {
    if (depth >= MAX_LINK_DEPTH)
      throw pathError('INVALID_PATH', `${absolute} has too many levels of symlinks.`);
    const target = resolve(parent.real, readlinkSync(here));
    return realLocation(target, depth + 1);
  }
  return { real: here, exists: false };
}

/**
 * The lstat of an entry that realpath could not resolve, or undefined where none can be read (it
 * is missing, its parent is a file, or it is not accessible): the operation, done through an
 * anchored parent, then fails with its own clear error, and no error here can tell whether
 * something exists beyond a link to the outside (nor name a real path).
 */
function entryStats(path: string): ReturnType<typeof lstatSync> {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Whether a directory entry exists (without following a final symlink). */
function present(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function denied(input: string) {
  return pathError(
    'ACCESS_DENIED',
    `${input} matches the server's deny list.`,
    'The operator has excluded this path; do not try to reach it another way.'
  );
}

function outside(input: string, throughLink = false) {
  return pathError(
    'ACCESS_DENIED',
    throughLink
      ? `${input} resolves (through a symlink) to a location outside the allowed directories.`
      : `${input} is outside the allowed directories.`
  );
}
