import picomatch from 'picomatch';

/** Paths no tool may read, list or write, matched as globs against the path relative to its root. */
export interface DenyList {
  readonly patterns: readonly string[];
  /** True when `relativePath` (POSIX separators) or any of its parent directories is denied. */
  denies(relativePath: string): boolean;
}

/**
 * Builds a deny list from globs such as `**\/.env` or `**\/*.pem`. Dot-files match, and a denied
 * directory denies everything under it.
 */
export function createDenyList(patterns: readonly string[]): DenyList {
  if (patterns.length === 0) return { patterns, denies: () => false };
  const match = picomatch([...patterns], { dot: true });
  return {
    patterns,
    denies(relativePath) {
      if (relativePath === '') return false;
      const parts = relativePath.split('/');
      for (let end = 1; end <= parts.length; end++) {
        if (match(parts.slice(0, end).join('/'))) return true;
      }
      return false;
    }
  };
}
