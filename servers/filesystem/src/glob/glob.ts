import { ToolError } from '@mcpkit/core';
import { RE2JS } from 're2js';

/**
 * Globs compiled for RE2 (re2js), whose matching takes time linear in the path whatever the
 * pattern: a glob from a tool argument, such as `**\/*?*?*?*?*?*?#`, cannot backtrack the way
 * a JavaScript RegExp built from it would (picomatch and minimatch both build one), and block
 * every client of the server.
 *
 * The syntax is minimatch's, with dot-files matched: `*` and `?` within a path segment, `**` as a
 * whole segment for any number of segments, `[abc]`, `[a-z]`, `[!a]` and POSIX classes such as
 * `[[:alpha:]]`, braces `{a,b}` (nested) and ranges `{1..20}`, extglobs `@(a|b)`, `?(…)`,
 * `*(…)`, `+(…)`, a backslash to quote the next character, and a leading `!` to negate the whole
 * pattern. Parentheses and `|` elsewhere are literal. A negated extglob `!(…)` has no linear-time
 * form and is refused with an error saying so.
 */

/** Longest pattern compiled, and deepest nesting of braces and extglobs. */
export const MAX_GLOB_CHARS = 4096;
const MAX_NESTING = 10;
/** Most alternatives one numeric range `{a..b}` expands to. */
const MAX_RANGE = 1000;
/**
 * Alternatives all the patterns of one call may expand to, and characters of RE2 expression they
 * may compile to: about 60 ms to compile at most, and microseconds per path to match.
 */
const MAX_ALTERNATIVES = 2000;
const MAX_SOURCE_CHARS = 65_536;

/** A compiled glob: whether a relative path (`/` separators) matches it. */
export type GlobTest = (path: string) => boolean;

function invalid(pattern: string, problem: string, hint: string): ToolError {
  return new ToolError('INVALID_GLOB', `The glob ${JSON.stringify(pattern.slice(0, 200))} ${problem}.`, {
    hint
  });
}

/**
 * Quotes one character (a code point) for RE2, inside or outside a bracket class: letters and
 * digits as they are, other printable ASCII behind a backslash, the rest as `\\x{…}` (each
 * character of the source counts against MAX_SOURCE_CHARS, so short spellings matter).
 */
function quote(char: string): string {
  if (/^[A-Za-z0-9]$/.test(char)) return char;
  if (/^[!-~]$/.test(char)) return `\\${char}`;
  return `\\x{${(char.codePointAt(0) as number).toString(16)}}`;
}

/** Where a glob's parser stands: the pattern, the position and the nesting. */
interface Cursor {
  readonly pattern: string;
  at: number;
  depth: number;
  /** Alternatives (of braces, ranges and extglobs) left to the whole compile, shared by its patterns. */
  readonly budget: { alternatives: number };
}

/** The characters that end the sequence being read: inside braces `,` and `}`, inside extglobs `|` and `)`. */
type Stops = ',}' | '|)' | '';

/**
 * Translates glob text up to one of `stops` (not consumed) into RE2 syntax. `segmentStart` says
 * whether the text begins a path segment (where `**` may stand for whole segments).
 */
function sequence(cursor: Cursor, stops: Stops, segmentStart: boolean): string {
  const { pattern } = cursor;
  let out = '';
  let atSegmentStart = segmentStart;
  while (cursor.at < pattern.length) {
    const char = String.fromCodePoint(pattern.codePointAt(cursor.at) as number);
    if (stops.includes(char)) break;
    const startedSegment = atSegmentStart;
    atSegmentStart = false;
    if (char === '\\') {
      const next = pattern.codePointAt(cursor.at + 1);
      if (next === undefined) {
        out += quote('\\');
        cursor.at++;
      } else {
        const quoted = String.fromCodePoint(next);
        out += quote(quoted);
        cursor.at += 1 + quoted.length;
      }
      continue;
    }
    if (char === '/') {
      out += '/';
      cursor.at++;
      atSegmentStart = true;
      continue;
    }
    if (char === '*' && pattern[cursor.at + 1] === '*') {
      const star = globstar(cursor, stops, startedSegment);
      // `src/**` matches `src` too (as picomatch, which this server used before, does): the slash before it becomes optional.
      out = star === ANY_BELOW && out.endsWith('/') ? `${out.slice(0, -1)}(?s:(?:/.*)?)` : out + star;
      continue;
    }
    if ('?*+@!'.includes(char) && pattern[cursor.at + 1] === '(') {
      out += extglob(cursor, char);
      continue;
    }
    if (char === '*') {
      out += '[^/]*';
      cursor.at++;
      continue;
    }
    if (char === '?') {
      out += '[^/]';
      cursor.at++;
      continue;
    }
    if (char === '[') {
      const bracket = bracketClass(cursor);
      if (bracket !== undefined) {
        out += bracket;
        continue;
      }
    }
    if (char === '{') {
      const braces = braceGroup(cursor, startedSegment);
      if (braces !== undefined) {
        out += braces;
        continue;
      }
    }
    out += quote(char);
    cursor.at += char.length;
  }
  return out;
}

/** What a `**` ending a pattern stands for: anything, slashes and line breaks too. */
const ANY_BELOW = '(?s:.*)';

/**
 * A run of two or more stars at `cursor`. As a whole segment it stands for any number of
 * segments: followed by `/`, zero or more segments and their slashes; ending the pattern (or an
 * alternative), anything below (ANY_BELOW). Inside a segment it is one `*`.
 */
function globstar(cursor: Cursor, stops: Stops, segmentStart: boolean): string {
  const { pattern } = cursor;
  let end = cursor.at;
  while (pattern[end] === '*') end++;
  const next = pattern[end];
  const endsHere = next === undefined || (next !== '' && stops.includes(next));
  // Exactly two stars: `***` is one `*`, as in minimatch.
  const wholeSegment = end - cursor.at === 2 && segmentStart && (next === '/' || endsHere);
  if (!wholeSegment) {
    cursor.at = end;
    return '[^/]*';
  }
  if (next === '/') {
    cursor.at = end + 1;
    return '(?:[^/]*/)*';
  }
  cursor.at = end;
  return ANY_BELOW;
}

/** `[…]` at `cursor` as an RE2 class that never matches `/`; undefined when unterminated (then `[` is literal). */
function bracketClass(cursor: Cursor): string | undefined {
  const { pattern } = cursor;
  let at = cursor.at + 1;
  let negated = false;
  if (pattern[at] === '!' || pattern[at] === '^') {
    negated = true;
    at++;
  }
  let items = '';
  let first = true;
  while (at < pattern.length) {
    if (pattern[at] === ']' && !first) {
      cursor.at = at + 1;
      if (negated) return `[^/${items}]`;
      // Nothing left (`[/]`): a class no character is in.
      return items === '' ? '[^\\x{0}-\\x{10ffff}]' : `(?:[${items}])`;
    }
    first = false;
    const posix = /^\[:([a-z]+):\]/.exec(pattern.slice(at));
    if (posix !== null) {
      if (!POSIX_CLASSES.has(posix[1] as string)) {
        throw invalid(
          pattern,
          `uses an unknown class [:${posix[1]}:]`,
          `Use one of ${[...POSIX_CLASSES].join(', ')}.`
        );
      }
      items += negated ? posix[0] : (WITHOUT_SLASH[posix[1] as string] ?? posix[0]);
      at += posix[0].length;
      continue;
    }
    let char = String.fromCodePoint(pattern.codePointAt(at) as number);
    if (char === '\\' && at + 1 < pattern.length) {
      at++;
      char = String.fromCodePoint(pattern.codePointAt(at) as number);
    }
    at += char.length;
    if (pattern[at] === '-' && at + 1 < pattern.length && pattern[at + 1] !== ']') {
      let last = String.fromCodePoint(pattern.codePointAt(at + 1) as number);
      at += 1 + last.length;
      if (last === '\\' && at < pattern.length) {
        last = String.fromCodePoint(pattern.codePointAt(at) as number);
        at += last.length;
      }
      if ((last.codePointAt(0) as number) < (char.codePointAt(0) as number)) {
        throw invalid(
          pattern,
          `has a reversed range [${char}-${last}]`,
          'Write ranges low to high, as in [a-z].'
        );
      }
      items += negated ? `${quote(char)}-${quote(last)}` : withoutSlash(char, last);
      continue;
    }
    // A class never matches the separator: `[/]` matches nothing, as in minimatch.
    if (char !== '/' || negated) items += quote(char);
  }
  return undefined;
}

/** The range char–last without `/` (split around it where it spans it). */
function withoutSlash(char: string, last: string): string {
  const low = char.codePointAt(0) as number;
  const high = last.codePointAt(0) as number;
  const slash = 0x2f;
  if (high < slash || low > slash) return `${quote(char)}-${quote(last)}`;
  const parts: string[] = [];
  if (low < slash) parts.push(`${quote(char)}-${quote('.')}`);
  if (high > slash) parts.push(`${quote('0')}-${quote(last)}`);
  return parts.join('');
}

/** The POSIX classes that hold `/`, spelled as ranges without it (a class never matches the separator). */
const WITHOUT_SLASH: Record<string, string> = {
  ascii: '\\x{0}-\\.0-\\x{7f}',
  graph: '!-\\.0-~',
  print: ' -\\.0-~',
  punct: '!-\\.:-@\\[-`\\{-~'
};

const POSIX_CLASSES = new Set([
  'alnum',
  'alpha',
  'ascii',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'word',
  'xdigit'
]);

/**
 * `{a,b}` or `{1..9}` at `cursor` as an RE2 group; undefined when it is no brace expression
 * (`{a}`, unterminated): then `{` is literal, as in minimatch.
 */
function braceGroup(cursor: Cursor, segmentStart: boolean): string | undefined {
  const { pattern } = cursor;
  const range = /^\{(-?\d+)\.\.(-?\d+)\}|^\{([a-zA-Z])\.\.([a-zA-Z])\}/.exec(pattern.slice(cursor.at));
  if (range !== null) {
    cursor.at += range[0].length;
    return rangeRegex(cursor, range);
  }
  const start = cursor.at;
  nest(cursor);
  cursor.at++;
  const alternatives: string[] = [];
  for (;;) {
    alternatives.push(sequence(cursor, ',}', segmentStart));
    const stop = pattern[cursor.at];
    if (stop === undefined) {
      cursor.at = start;
      cursor.depth--;
      return undefined;
    }
    cursor.at++;
    if (stop === '}') break;
  }
  cursor.depth--;
  if (alternatives.length < 2) {
    cursor.at = start;
    return undefined;
  }
  spend(cursor, alternatives.length);
  return `(?:${alternatives.join('|')})`;
}

function rangeRegex(cursor: Cursor, range: RegExpExecArray): string {
  const { pattern } = cursor;
  if (range[3] !== undefined) {
    const [low, high] = [range[3], range[4] as string].sort();
    return `[${quote(low as string)}-${quote(high as string)}]`;
  }
  const from = Number(range[1]);
  const to = Number(range[2]);
  // Zero-padded bounds (`{01..12}`) pad every number to the wider one, as bash does.
  const padded = /^-?0\d/.test(range[1] as string) || /^-?0\d/.test(range[2] as string);
  const width = padded ? Math.max((range[1] as string).length, (range[2] as string).length) : 0;
  if (Math.abs(to - from) + 1 > MAX_RANGE) {
    throw invalid(
      pattern,
      `has a range of ${Math.abs(to - from) + 1} numbers`,
      `Keep ranges to ${MAX_RANGE} numbers, or use [0-9] classes.`
    );
  }
  const step = from <= to ? 1 : -1;
  const numbers: string[] = [];
  for (let value = from; value !== to + step; value += step) {
    const digits = String(Math.abs(value)).padStart(width - (value < 0 ? 1 : 0), '0');
    numbers.push(value < 0 ? `-${digits}` : digits);
  }
  spend(cursor, numbers.length);
  return `(?:${numbers.map(number => [...number].map(quote).join('')).join('|')})`;
}

/** `@(a|b)` and its kin at `cursor`; `!(…)` is refused. */
function extglob(cursor: Cursor, kind: string): string {
  const { pattern } = cursor;
  if (kind === '!') {
    throw invalid(
      pattern,
      'uses a negated extglob !(…), which cannot be matched in linear time',
      'Match what to keep with a positive pattern, and put what to leave out in excludePatterns (or exclude).'
    );
  }
  const start = cursor.at;
  nest(cursor);
  cursor.at += 2;
  const alternatives: string[] = [];
  for (;;) {
    alternatives.push(sequence(cursor, '|)', false));
    const stop = pattern[cursor.at];
    if (stop === undefined) {
      throw invalid(
        pattern.slice(start),
        'opens an extglob group that is never closed',
        'Close it with ), or quote the ( with a backslash.'
      );
    }
    cursor.at++;
    if (stop === ')') break;
  }
  cursor.depth--;
  spend(cursor, alternatives.length);
  const group = `(?:${alternatives.join('|')})`;
  return kind === '@' ? group : `${group}${kind}`;
}

/**
 * Takes `count` alternatives from the compile's budget: RE2 compiles in time (and matches in time
 * per character) growing with the expression, and `{1..1000}` is 1000 alternatives in 9 characters.
 */
function spend(cursor: Cursor, count: number): void {
  cursor.budget.alternatives -= count;
  if (cursor.budget.alternatives < 0) {
    throw invalid(
      cursor.pattern,
      `expands to more than ${MAX_ALTERNATIVES} alternatives (braces, ranges and extglobs, counted over all the patterns of the call)`,
      'Use fewer or smaller brace lists and ranges, or a class such as [0-9].'
    );
  }
}

function nest(cursor: Cursor): void {
  cursor.depth++;
  if (cursor.depth > MAX_NESTING) {
    throw invalid(
      cursor.pattern,
      `nests braces or extglobs more than ${MAX_NESTING} deep`,
      'Flatten the pattern, or pass several simpler patterns.'
    );
  }
}

/** The RE2 source of one glob (without its leading `!`), matching a whole path. */
function globSource(pattern: string, budget: { alternatives: number }): string {
  return sequence({ pattern, at: 0, depth: 0, budget }, '', true);
}

/**
 * One RE2 for the given globs' sources (each wrapped by `wrap`), within the compile's budgets:
 * the patterns' lengths, their alternatives, and the expression's size.
 */
function compileAll(patterns: readonly string[], wrap: (source: string) => string): RE2JS {
  const budget = { alternatives: MAX_ALTERNATIVES };
  const sources = patterns.map(pattern => {
    if (pattern.length > MAX_GLOB_CHARS) {
      throw invalid(
        pattern,
        `has ${pattern.length} characters, more than ${MAX_GLOB_CHARS}`,
        'Pass a shorter pattern.'
      );
    }
    return wrap(globSource(pattern, budget));
  });
  const source = sources.join('|');
  if (source.length > MAX_SOURCE_CHARS) {
    throw invalid(
      patterns[0] ?? '',
      `and the others of the call compile to ${source.length} characters of expression, more than ${MAX_SOURCE_CHARS}`,
      'Pass fewer or shorter patterns.'
    );
  }
  return RE2JS.compile(source);
}

/** Compiles one glob; a leading `!` negates it. Throws an INVALID_GLOB ToolError for a bad one. */
export function compileGlob(pattern: string): GlobTest {
  let negations = 0;
  while (pattern[negations] === '!' && pattern[negations + 1] !== '(') negations++;
  const regex = compileAll([pattern.slice(negations)], source => source);
  if (negations % 2 === 1) return path => !regex.matches(path);
  return path => regex.matches(path);
}

/**
 * Whether a path, or a directory above it, matches any of the globs: `glob(/.*)?` for each, one
 * RE2 alternation (one match per path, where testing each parent would take one per level).
 * Negated patterns are not accepted here.
 */
export function anyGlobOrParent(patterns: readonly string[]): GlobTest {
  const regex = compileAll(patterns, source => `(?:${source})(?s:(?:/.*)?)`);
  return path => regex.matches(path);
}

/** Whether a path matches any of the globs (one RE2 alternation for the plain ones). */
export function anyGlob(patterns: readonly string[]): GlobTest {
  const plain = patterns.filter(pattern => !pattern.startsWith('!') || pattern.startsWith('!('));
  const negated = patterns.filter(pattern => !plain.includes(pattern)).map(compileGlob);
  const regex = plain.length === 0 ? undefined : compileAll(plain, source => `(?:${source})`);
  return path => (regex?.matches(path) ?? false) || negated.some(test => test(path));
}
