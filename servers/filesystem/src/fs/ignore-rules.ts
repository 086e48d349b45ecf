import ignore from 'ignore';
import type { Ignore } from 'ignore';

import { createPacer } from './pacer.js';

/**
 * What one walk takes from .gitignore files. A 4.7 MB file of 400,000 rules, loaded whole, ran the
 * heap out (each compiled rule of the `ignore` package takes about 2 KB), and every path was
 * checked against every rule. These bound the memory and the work per path; what they leave out
 * is reported (see ignoreFileWarning).
 */
export const IGNORE_LIMITS = {
  /** Bytes read of one .gitignore; a larger one is cut at the last whole line before this. */
  fileBytes: 1024 * 1024,
  /** Rules in force at once: those of every .gitignore that applies to a path, together. */
  rules: 10_000,
  /** Characters in one rule; a longer one is left out (a literal costs its length at each `/`). */
  ruleCharacters: 512,
  /** Wildcards (`*` runs, `?`, `[`) in one rule; a rule with more is left out. */
  wildcards: 32,
  /**
   * `**` segments spanning directories in one rule (a leading `**\/` or an inner `/**\/`; a trailing
   * `/**` is cheap). Each compiles to a part the regular expression engine retries at every `/`:
   * with two, a path of n levels costs n² steps per rule, with five n⁵ (4.7 s for one grep of an
   * 80-level path). A rule with more is left out.
   */
  spanningGlobstars: 1,
  /**
   * Rules with an inner `/**\/` in force at once: one costs up to 100 µs per path checked (against
   * about 1 µs for most rules), so past this many they are left out.
   */
  innerGlobstarRules: 256
} as const;

/** What is left of the rules budget for one .gitignore (the files above it took the rest). */
export interface RuleBudget {
  rules: number;
  innerGlobstarRules: number;
}

/** The rules of a .gitignore that fit the limits, and what was left out. */
export interface BoundedRules {
  /** The lines applied, in order. */
  lines: string[];
  applied: number;
  /** How many of the applied rules have an inner `/**\/`. */
  innerGlobstarRules: number;
  /** Rules left out one by one (too long or too costly); the rules after them still apply. */
  skipped: number;
  /** Set when the rule budget ran out: the 1-based line from which nothing was applied. */
  stoppedAtLine?: number;
}

// Only spaces: git trims trailing spaces, not tabs (a tab is a name character).
const BLANK = /^ *$/;
const GLOBSTAR_SEGMENT = /^\*{2,}$/;
const WILDCARDS = /\*+|\?|\[/g;

/**
 * Takes the rules of a .gitignore's text in order while the budget lasts, leaving out single rules
 * over IGNORE_LIMITS. Lines are split as the `ignore` package (and git) split them; blank lines
 * and comments cost nothing.
 */
export function boundRules(text: string, budget: RuleBudget): BoundedRules {
  const lines = (text.endsWith('\r') ? text.slice(0, -1) : text).split(/\r?\n/);
  const kept: BoundedRules = { lines: [], applied: 0, innerGlobstarRules: 0, skipped: 0 };
  for (const [index, line] of lines.entries()) {
    if (BLANK.test(line) || line.startsWith('#')) continue;
    const cost = costOf(line);
    if (
      cost === 'too_costly' ||
      (cost === 'inner_globstar' && kept.innerGlobstarRules >= budget.innerGlobstarRules)
    ) {
      kept.skipped++;
      continue;
    }
    if (kept.applied >= budget.rules) return { ...kept, stoppedAtLine: index + 1 };
    kept.lines.push(line);
    kept.applied++;
    if (cost === 'inner_globstar') kept.innerGlobstarRules++;
  }
  return kept;
}

function costOf(rule: string): 'linear' | 'inner_globstar' | 'too_costly' {
  if (rule.length > IGNORE_LIMITS.ruleCharacters) return 'too_costly';
  if ((rule.match(WILDCARDS)?.length ?? 0) > IGNORE_LIMITS.wildcards) return 'too_costly';
  const segments = rule.split('/');
  const spanning = segments.flatMap((segment, index) =>
    index < segments.length - 1 && GLOBSTAR_SEGMENT.test(segment) ? [index] : []
  );
  if (spanning.length > IGNORE_LIMITS.spanningGlobstars) return 'too_costly';
  // Inner: after a named segment (`a/**/b`), not the leading `**/` or `/**/`, which anchor only.
  const inner = spanning.some(index => segments.slice(0, index).some(segment => segment !== ''));
  return inner ? 'inner_globstar' : 'linear';
}

/** Rules added and compiled between two turns of the event loop. */
const COMPILE_CHUNK = 500;

/**
 * The `ignore` matcher of `lines`, compiled a chunk at a time. The package compiles a rule's
 * regular expression when it first tests it, and V8 compiles a regular expression to machine code
 * when it runs a second time: left to the first paths checked, 10,000 rules took 0.4 s and then
 * 0.25 s at once. Testing two paths no rule is likely to match after each chunk pays that here,
 * letting other requests run in between. (A rule that matches a probe stops the scan early; the
 * rules before it then compile when first used, which changes the timing only, never a result.)
 */
export async function compileRules(lines: readonly string[]): Promise<Ignore> {
  const rules = ignore();
  const pacer = createPacer();
  for (let start = 0; start < lines.length; start += COMPILE_CHUNK) {
    // After the first chunk a leading line break keeps a BOM on the chunk's first line (the package
    // drops one only at the start of what it is given), and a trailing one keeps a final CR.
    const chunk = lines.slice(start, start + COMPILE_CHUNK).join('\n');
    rules.add(`${start === 0 ? '' : '\n'}${chunk}\n`);
    if (lines.length <= COMPILE_CHUNK) break;
    rules.ignores(`\u0001probe-${start}-a`);
    rules.ignores(`\u0001probe-${start}-b`);
    const pause = pacer.due();
    if (pause) await pause;
  }
  return rules;
}
