import { relative, sep } from 'node:path';

import { ToolError } from '@mcpkit/core';

import { anyGlobOrParent } from '../glob/glob.js';
import type { AllowedRoot } from './allowed-roots.js';
import { isWithin } from './allowed-roots.js';

/**
 * Paths no tool may read, list or write: the operator's globs, matched against the path relative
 * to the operator's own directories, whatever roots a client offers (a client root inside an
 * allowed directory must not move what `app/config/secrets.json` means).
 */
export interface DenyList {
  readonly patterns: readonly string[];
  /**
   * True when the entry at `real` (an absolute path: a real one, or as requested) or any directory
   * above it is denied, judged relative to each operator directory (its path and its real path)
   * that holds it. No character in a path escapes a rule: line breaks match as any other.
   */
  denies(entry: { real: string }): boolean;
  /** This list, judged relative to `roots` when the operator named no directories (client roots only). */
  within(roots: readonly AllowedRoot[]): DenyList;
}

/**
 * Builds a deny list from globs such as `**\/.env` or `**\/*.pem` (see glob.ts): dot-files match,
 * and a denied directory denies everything under it. A pattern cannot start with `!`: a deny list
 * only adds denials.
 */
export function createDenyList(patterns: readonly string[], directories: readonly AllowedRoot[]): DenyList {
  const negated = patterns.find(pattern => pattern.startsWith('!'));
  if (negated !== undefined) {
    throw new ToolError('INVALID_GLOB', `The deny pattern ${JSON.stringify(negated)} starts with "!".`, {
      hint: 'A deny list only adds denials: list the paths to deny, without "!".'
    });
  }
  const match = patterns.length === 0 ? undefined : anyGlobOrParent(patterns);
  const bound = (bases: readonly AllowedRoot[]): DenyList => ({
    patterns,
    denies(entry) {
      if (match === undefined) return false;
      for (const base of bases) {
        for (const directory of base.path === base.real ? [base.real] : [base.real, base.path]) {
          if (entry.real === directory || !isWithin(directory, entry.real)) continue;
          if (match(relative(directory, entry.real).split(sep).join('/'))) return true;
        }
      }
      return false;
    },
    within: roots => (directories.length === 0 ? bound(roots) : bound(directories))
  });
  return bound(directories);
}
