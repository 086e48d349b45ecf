import { anyGlob } from '../glob/glob.js';

/**
 * The official server's exclude semantics: a pattern with `*` matches the relative path as a glob;
 * a plain name also matches that name anywhere, and everything under a directory of that name.
 */
export function excludeMatcher(patterns: readonly string[]): ((path: string) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const globs = patterns.flatMap(pattern =>
    pattern.includes('*') ? [pattern] : [pattern, `**/${pattern}`, `**/${pattern}/**`]
  );
  return anyGlob(globs);
}

/**
 * grep's include/exclude semantics: a glob without `/` matches an entry's name (at any depth), a
 * glob with `/` matches its whole relative path.
 */
export function nameOrPathMatcher(patterns: readonly string[]): ((path: string) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const byName = patterns.filter(pattern => !pattern.includes('/'));
  const byPath = patterns.filter(pattern => pattern.includes('/'));
  const name = byName.length > 0 ? anyGlob(byName) : undefined;
  const path = byPath.length > 0 ? anyGlob(byPath) : undefined;
  return relative => {
    if (path?.(relative)) return true;
    return name !== undefined && name(relative.slice(relative.lastIndexOf('/') + 1));
  };
}
