import type { Dirent } from 'node:fs';

import ignore from 'ignore';
import type { Ignore } from 'ignore';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';

/** The kind of a directory entry, as the walker saw it (symlinks are never followed). */
export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

/** One entry met by {@link walk}. */
export interface WalkEntry {
  resolved: ResolvedPath;
  name: string;
  type: EntryType;
  /** Path relative to the walk's start, with `/` separators. */
  path: string;
  /** 1 for the start directory's own entries. */
  depth: number;
}

export interface WalkOptions {
  /** Deepest level to list (1 = only the start directory's entries). */
  maxDepth?: number;
  /** Include names starting with a dot. */
  includeHidden?: boolean;
  /** Skip entries (and whole directories) ignored by `.gitignore` files, and the `.git` directory. */
  gitignore?: boolean;
  /** Skip an entry (and, for a directory, everything under it). `path` is relative to the start. */
  exclude?: (path: string, type: EntryType) => boolean;
  signal?: AbortSignal;
}

interface IgnoreScope {
  /** Directory of the .gitignore, relative to the walk's start ('' for the start and above it). */
  base: string;
  /** For a .gitignore above the start: the start's path relative to it, with a trailing `/`. */
  prefix: string;
  rules: Ignore;
}

/**
 * Walks a confined directory depth-first in name order (so results and cursors are stable), through
 * the sandbox: every directory is listed through an anchor, symlinks are reported but never
 * followed, and the deny list hides what it covers. Cancellation is checked once per directory.
 */
export async function* walk(
  sandbox: Sandbox,
  start: ResolvedPath,
  options: WalkOptions = {}
): AsyncGenerator<WalkEntry> {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  // The start's own .gitignore is loaded by walkDirectory; those above it apply too.
  const scopes = options.gitignore ? await ancestorIgnores(sandbox, start) : [];
  yield* walkDirectory(sandbox, { directory: start, path: '', depth: 1, scopes }, { ...options, maxDepth });
}

async function* walkDirectory(
  sandbox: Sandbox,
  at: { directory: ResolvedPath; path: string; depth: number; scopes: IgnoreScope[] },
  options: WalkOptions & { maxDepth: number }
): AsyncGenerator<WalkEntry> {
  if (options.signal?.aborted) return;
  let entries: Dirent[];
  try {
    entries = await sandbox.readDirectory(at.directory);
  } catch {
    return; // unreadable or vanished directories are skipped, as `find` does
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  // A directory's own .gitignore applies to its entries (and below); most directories have none.
  const scopes =
    options.gitignore && entries.some(entry => entry.name === '.gitignore')
      ? await loadIgnore(sandbox, at.directory, { base: at.path, inherited: at.scopes })
      : at.scopes;
  for (const dirent of entries) {
    const name = dirent.name;
    if (!options.includeHidden && name.startsWith('.')) continue;
    const type = typeOf(dirent);
    if (options.gitignore && name === '.git' && type === 'directory') continue;
    const path = at.path === '' ? name : `${at.path}/${name}`;
    const resolved = sandbox.child(at.directory, name);
    if (sandbox.deny.denies(resolved.relative)) continue;
    if (options.exclude?.(path, type)) continue;
    if (isIgnored(scopes, path, type === 'directory')) continue;
    yield { resolved, name, type, path, depth: at.depth };
    if (type === 'directory' && at.depth < options.maxDepth) {
      yield* walkDirectory(sandbox, { directory: resolved, path, depth: at.depth + 1, scopes }, options);
    }
  }
}

function typeOf(dirent: Dirent): EntryType {
  if (dirent.isDirectory()) return 'directory';
  if (dirent.isFile()) return 'file';
  if (dirent.isSymbolicLink()) return 'symlink';
  return 'other';
}

async function loadIgnore(
  sandbox: Sandbox,
  directory: ResolvedPath,
  scope: { base: string; inherited: IgnoreScope[]; prefix?: string }
): Promise<IgnoreScope[]> {
  const { base, inherited, prefix = '' } = scope;
  const file = sandbox.child(directory, '.gitignore');
  // A denied .gitignore is not read at all: its contents must not shape what the model sees.
  if (sandbox.deny.denies(file.relative)) return inherited;
  try {
    const text = (await sandbox.readFile(file)).toString('utf8');
    return [...inherited, { base, prefix, rules: ignore().add(text) }];
  } catch {
    return inherited;
  }
}

/**
 * The .gitignore files above the start, as git applies them: from the start's parent up to the
 * repository root (the first directory holding `.git`), never above the allowed root. When they
 * ignore the start itself, the caller asked for an ignored directory by name, and gets it whole.
 */
async function ancestorIgnores(sandbox: Sandbox, start: ResolvedPath): Promise<IgnoreScope[]> {
  if (start.relative === '' || (await holdsGit(sandbox, start))) return [];
  const names = start.relative.split('/');
  const ancestors: ResolvedPath[] = [
    { requested: start.root.real, real: start.root.real, root: start.root, relative: '', exists: true }
  ];
  for (const name of names.slice(0, -1)) ancestors.push(sandbox.child(ancestors.at(-1)!, name));
  let scopes: IgnoreScope[] = [];
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const directory = ancestors[index]!;
    const prefix = `${names.slice(index).join('/')}/`;
    scopes = await loadIgnore(sandbox, directory, { base: '', inherited: scopes, prefix });
    if (await holdsGit(sandbox, directory)) break;
  }
  return scopes.some(scope => scope.rules.ignores(scope.prefix)) ? [] : scopes;
}

/** True when the directory is a repository root (holds a `.git` directory or file). */
function holdsGit(sandbox: Sandbox, directory: ResolvedPath): Promise<boolean> {
  return sandbox.lstat(sandbox.child(directory, '.git')).then(
    () => true,
    () => false
  );
}

function isIgnored(scopes: readonly IgnoreScope[], path: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const relative = scope.prefix + (scope.base === '' ? path : path.slice(scope.base.length + 1));
    if (scope.rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}
