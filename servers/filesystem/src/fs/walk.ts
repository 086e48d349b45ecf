import ignore from 'ignore';
import type { Ignore } from 'ignore';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import {
  SORTED_LISTING_LIMIT,
  closeEntries,
  eachEntry,
  entryType,
  readEntries
} from './directory-entries.js';
import type { DirectoryEntries, EntryType } from './directory-entries.js';
import { heavyWork } from './heavy-work.js';
import { ignoreFileWarning, readIgnoreFile } from './ignore-file.js';
import type { IgnoreFileText } from './ignore-file.js';
import { IGNORE_LIMITS, boundRules, compileRules } from './ignore-rules.js';
import { createPacer } from './pacer.js';
import { shownPath } from './walk-warnings.js';
import type { WalkWarning } from './walk-warnings.js';

/** The kind of a directory entry, as the walker saw it (symlinks are never followed). */

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
  /**
   * Told what the walk could not do as asked: a .gitignore applied in part (see IGNORE_LIMITS), a
   * directory too large to sort walked in directory order. Pass it to the tool's result.
   */
  onWarning?: (warning: WalkWarning) => void;
}

type Walking = WalkOptions & { maxDepth: number; pacer: ReturnType<typeof createPacer> };

interface IgnoreScope {
  /** Directory of the .gitignore, relative to the walk's start ('' for the start and above it). */
  base: string;
  /** For a .gitignore above the start: the start's path relative to it, with a trailing `/`. */
  prefix: string;
  rules: Ignore;
  /** Rules in force from this file, and how many of them have an inner globstar (see IGNORE_LIMITS). */
  count: number;
  innerGlobstarRules: number;
  /** Paths checked since `rules` was last renewed (see isIgnored). */
  checks: number;
}

/**
 * Walks a confined directory depth-first in name order (so results and cursors are stable), through
 * the sandbox: every directory is listed through an anchor, symlinks are reported but never
 * followed, and the deny list hides what it covers. A directory of more than SORTED_LISTING_LIMIT
 * entries is streamed in directory order instead (stable too while it does not change), with an
 * `unsorted_directory` warning. Cancellation is checked once per directory, and the event loop
 * turns at least every SLICE_MS. The walk holds a heavy-work slot (see heavyWork) from its first
 * entry to its end: do not start a walk while another one is running in the same call.
 */
export async function* walk(
  sandbox: Sandbox,
  start: ResolvedPath,
  options: WalkOptions = {}
): AsyncGenerator<WalkEntry> {
  const walking: Walking = {
    ...options,
    maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY,
    pacer: createPacer()
  };
  // A generator cannot yield from inside withHeavyWork's callback: the slot is taken by hand, and
  // given back when the walk ends or its consumer stops (for await calls return()).
  await heavyWork.acquire(options.signal);
  try {
    // The start's own .gitignore is loaded by walkDirectory; those above it apply too.
    const scopes = options.gitignore ? await ancestorIgnores(sandbox, start, options.onWarning) : [];
    yield* walkDirectory(sandbox, { directory: start, path: '', depth: 1, scopes }, walking);
  } finally {
    heavyWork.release();
  }
}

async function* walkDirectory(
  sandbox: Sandbox,
  at: { directory: ResolvedPath; path: string; depth: number; scopes: IgnoreScope[] },
  options: Walking
): AsyncGenerator<WalkEntry> {
  if (options.signal?.aborted) return;
  let listing: DirectoryEntries;
  try {
    listing = await readEntries(sandbox, at.directory, { sort: true });
  } catch {
    return; // unreadable or vanished directories are skipped, as `find` does
  }
  try {
    if (listing.kind === 'streamed') options.onWarning?.(unsortedWarning(at.directory));
    yield* walkEntries(sandbox, { ...at, listing }, options);
  } finally {
    closeEntries(listing);
  }
}

async function* walkEntries(
  sandbox: Sandbox,
  at: {
    directory: ResolvedPath;
    path: string;
    depth: number;
    scopes: IgnoreScope[];
    listing: DirectoryEntries;
  },
  options: Walking
): AsyncGenerator<WalkEntry> {
  const { listing } = at;
  // A directory's own .gitignore applies to its entries (and below); most directories have none.
  // A streamed directory may list it anywhere, so it is looked for by name before the first entry.
  const scopes =
    options.gitignore &&
    (listing.kind === 'streamed' || listing.entries.some(entry => entry.name === '.gitignore'))
      ? await loadIgnore(sandbox, at.directory, {
          base: at.path,
          inherited: at.scopes,
          ...(options.onWarning ? { onWarning: options.onWarning } : {})
        })
      : at.scopes;
  for await (const dirent of eachEntry(listing)) {
    // Entries in memory are checked without I/O: let other requests run in between.
    const pause = options.pacer.due();
    if (pause) await pause;
    const name = dirent.name;
    if (!options.includeHidden && name.startsWith('.')) continue;
    const type = entryType(dirent);
    if (options.gitignore && name === '.git' && type === 'directory') continue;
    const path = at.path === '' ? name : `${at.path}/${name}`;
    const resolved = sandbox.child(at.directory, name);
    if (sandbox.deny.denies(resolved)) continue;
    if (options.exclude?.(path, type)) continue;
    if (isIgnored(scopes, path, type === 'directory')) continue;
    yield { resolved, name, type, path, depth: at.depth };
    if (type === 'directory' && at.depth < options.maxDepth) {
      yield* walkDirectory(sandbox, { directory: resolved, path, depth: at.depth + 1, scopes }, options);
    }
  }
}

function unsortedWarning(directory: ResolvedPath): WalkWarning {
  return {
    kind: 'unsorted_directory',
    path: directory.requested,
    message: `${shownPath(directory.requested)} has more than ${SORTED_LISTING_LIMIT} entries, too many to sort: they were walked in directory order, not by name.`
  };
}

/**
 * Adds a directory's .gitignore to the scopes in force, within IGNORE_LIMITS: at most 1 MiB of it is
 * read, and only as many rules as the budget left by `inherited` allows (see boundRules).
 */
async function loadIgnore(
  sandbox: Sandbox,
  directory: ResolvedPath,
  scope: {
    base: string;
    inherited: IgnoreScope[];
    prefix?: string;
    onWarning?: (warning: WalkWarning) => void;
  }
): Promise<IgnoreScope[]> {
  const { base, inherited, prefix = '' } = scope;
  const file = sandbox.child(directory, '.gitignore');
  // A denied .gitignore is not read at all: its contents must not shape what the model sees.
  if (sandbox.deny.denies(file)) return inherited;
  let read: IgnoreFileText;
  try {
    read = await readIgnoreFile(sandbox, file);
  } catch {
    return inherited;
  }
  const inForce = inherited.reduce((sum, known) => sum + known.count, 0);
  const inner = inherited.reduce((sum, known) => sum + known.innerGlobstarRules, 0);
  const rules = boundRules(read.text, {
    rules: IGNORE_LIMITS.rules - inForce,
    innerGlobstarRules: IGNORE_LIMITS.innerGlobstarRules - inner
  });
  const warning = ignoreFileWarning(file.requested, { file: read, rules, inherited: inForce });
  if (warning) scope.onWarning?.(warning);
  if (rules.applied === 0) return inherited;
  const compiled = await compileRules(rules.lines);
  return [
    ...inherited,
    {
      base,
      prefix,
      rules: compiled,
      count: rules.applied,
      innerGlobstarRules: rules.innerGlobstarRules,
      checks: 0
    }
  ];
}

/**
 * The .gitignore files above the start, as git applies them: from the start's parent up to the
 * repository root (the first directory holding `.git`), never above the allowed root. When they
 * ignore the start itself, the caller asked for an ignored directory by name, and gets it whole.
 */
async function ancestorIgnores(
  sandbox: Sandbox,
  start: ResolvedPath,
  onWarning: ((warning: WalkWarning) => void) | undefined
): Promise<IgnoreScope[]> {
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
    scopes = await loadIgnore(sandbox, directory, {
      base: '',
      inherited: scopes,
      prefix,
      ...(onWarning ? { onWarning } : {})
    });
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

/** Paths an Ignore answers before it is renewed: it caches every answer, and a walk never asks twice. */
const CHECKS_PER_CACHE = 10_000;

function isIgnored(scopes: readonly IgnoreScope[], path: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    if (++scope.checks > CHECKS_PER_CACHE) {
      // The same compiled rules with an empty cache (`add` of an Ignore shares its rules), so a
      // walk of a million paths does not keep a million answers per .gitignore.
      scope.rules = ignore().add(scope.rules);
      scope.checks = 0;
    }
    const relative = scope.prefix + (scope.base === '' ? path : path.slice(scope.base.length + 1));
    if (scope.rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}
