import picomatch from 'picomatch';

/**
 * The official server's exclude semantics: a pattern with `*` matches the relative path as a glob;
 * a plain name also matches that name anywhere, and everything under a directory of that name.
 */
export function excludeMatcher(patterns: readonly string[]): ((path: string) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const globs = patterns.flatMap(pattern =>
    pattern.includes('*') ? [pattern] : [pattern, `**/${pattern}`, `**/${pattern}/**`]
  );
  const match = picomatch(globs, { dot: true });
  return path => match(path);
}
