import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A directory the server may touch: the path as configured and its real path (symlinks resolved). */
export interface AllowedRoot {
  /** Absolute path as the operator or client gave it (after `~` expansion). */
  path: string;
  /** The real path; containment is always decided against this. */
  real: string;
}

/**
 * True when `candidate` is `root` or lies under it, compared component by component: `/a` does not
 * contain `/a-evil`, and `..` never survives (both paths must already be absolute and normalised).
 */
export function isWithin(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const rel = relative(root, candidate);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** Expands a leading `~` and `file://` URIs, as users write them in host configs. */
export function expandUserPath(input: string): string {
  if (input.startsWith('file://')) return fileURLToPath(input);
  if (input === '~') return homedir();
  if (input.startsWith('~/')) return resolve(homedir(), input.slice(2));
  return input;
}

/** The outcome of loading configured directories: the usable ones, and why the others were skipped. */
export interface LoadedRoots {
  roots: AllowedRoot[];
  skipped: { path: string; reason: string }[];
}

/**
 * Resolves configured directories to {@link AllowedRoot}s. Missing or non-directory entries are
 * skipped with a reason (the operator sees them at startup); duplicates are dropped.
 */
export async function loadRoots(directories: readonly string[]): Promise<LoadedRoots> {
  const roots: AllowedRoot[] = [];
  const skipped: LoadedRoots['skipped'] = [];
  for (const given of directories) {
    const path = resolve(expandUserPath(given));
    try {
      const real = await realpath(path);
      if (!(await stat(real)).isDirectory()) {
        skipped.push({ path, reason: 'not a directory' });
        continue;
      }
      if (!roots.some(root => root.real === real)) roots.push({ path, real });
    } catch (error) {
      skipped.push({ path, reason: (error as NodeJS.ErrnoException).code ?? 'cannot be read' });
    }
  }
  return { roots, skipped };
}

/**
 * Narrows the operator's ceiling by the client's roots: the operator's directories are the most the
 * server may touch; a client root can only select within them. With no operator directories, the
 * client's roots are used as they are (as the official server does).
 */
export function narrowRoots(ceiling: readonly AllowedRoot[], client: readonly AllowedRoot[]): AllowedRoot[] {
  if (ceiling.length === 0) return [...client];
  const narrowed: AllowedRoot[] = [];
  for (const wanted of client) {
    for (const limit of ceiling) {
      // The deeper of the two wins: a client root inside the ceiling, or the ceiling inside it.
      const inner = isWithin(limit.real, wanted.real)
        ? wanted
        : isWithin(wanted.real, limit.real)
          ? limit
          : undefined;
      if (inner && !narrowed.some(root => root.real === inner.real)) narrowed.push(inner);
    }
  }
  return narrowed;
}
