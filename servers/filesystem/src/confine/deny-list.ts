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
}

/**
 * Builds a deny list from globs such as `**\/.env` or `**\/*.pem` (see glob.ts): dot-files match,
 * and a denied directory denies everything under it. A pattern cannot start with `!`: a deny list
 * only adds denials.
 */
export function createDenyList(patterns: readonly string[], directories: readonly AllowedRoot[]): DenyList {
  const rules = patterns.map(denyRule);
  const match = rules.length === 0 ? undefined : anyGlobOrParent(rules);
  return {
    patterns,
    denies(entry) {
      if (match === undefined) return false;
      // No operator directories (the client's roots are all there is): a rule is judged against
      // the path below every directory above the entry, so no root a client picks can place a
      // denied path out of a rule's reach (`config/secrets.json` under a root at config/).
      if (directories.length === 0) {
        const parts = entry.real.split(sep).filter(part => part !== '');
        return parts.some((_part, start) => match(parts.slice(start).join('/')));
      }
      for (const base of directories) {
        for (const directory of base.path === base.real ? [base.real] : [base.real, base.path]) {
          if (entry.real === directory || !isWithin(directory, entry.real)) continue;
          if (match(relative(directory, entry.real).split(sep).join('/'))) return true;
        }
      }
      return false;
    }
  };
}

/**
 * A deny pattern as it is matched, or an error for one that would silently deny nothing: `./`
 * and a trailing `/` are dropped (a directory denies what is under it anyway); an absolute path,
 * a leading `!` and a regex-style group `(a|b)` (literal in a glob) are refused at start.
 */
function denyRule(pattern: string): string {
  const refuse = (problem: string, hint: string) =>
    new ToolError('INVALID_GLOB', `The deny pattern ${JSON.stringify(pattern)} ${problem}.`, { hint });
  if (pattern.startsWith('!')) {
    throw refuse('starts with "!"', 'A deny list only adds denials: list the paths to deny, without "!".');
  }
  if (pattern.startsWith('/')) {
    throw refuse(
      'is an absolute path',
      'Deny patterns are relative to the allowed directories: write config/secrets.json, or **/secrets.json for any depth.'
    );
  }
  if (/(^|[^?*+@!\\])\([^)]*\|/.test(pattern)) {
    throw refuse(
      'has a group (a|b), which a glob reads literally',
      'Write @(a|b) or {a,b} for alternatives.'
    );
  }
  let rule = pattern;
  while (rule.startsWith('./')) rule = rule.slice(2);
  while (rule.endsWith('/') && rule.length > 1) rule = rule.slice(0, -1);
  if (rule === '' || rule === '.') {
    throw refuse(
      'names the allowed directory itself',
      'Leave that directory out of the allowed directories instead.'
    );
  }
  return rule;
}
