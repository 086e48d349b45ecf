/**
 * Where an edit's oldText matches a file's lines once, ignoring leading and trailing whitespace,
 * and what replaces those lines (newText's lines, re-indented to the file's indentation there).
 */
export interface LooseMatch {
  /** Index of the first matched line. */
  start: number;
  /** How many lines matched. */
  count: number;
  /** newText's lines, without the trailing blank lines that matched nothing; not yet re-indented. */
  newLines: readonly string[];
  /** The indentation of oldText's first non-blank line, which `fileIndent` replaces. */
  oldIndent: string;
  /** The file's indentation of the matched line that corresponds to it. */
  fileIndent: string;
}

/**
 * Matches `oldText` line by line against `lines` ignoring leading and trailing whitespace, and
 * returns the match when exactly one place matches. Blank lines ending `oldText` are not matched,
 * and as many ending `newText` are dropped with them, so a quote that ends with a line break does
 * not add a blank line.
 *
 * Linear in the size of the file and of oldText: each distinct wanted line gets a number, and the
 * run of numbers is found with Knuth–Morris–Pratt. Comparing oldText at every line instead is
 * O(lines × oldText lines), minutes on a file of repeated lines.
 */
export function findLooseMatch(
  lines: readonly string[],
  oldText: string,
  newText: string
): LooseMatch | undefined {
  const oldLines = oldText.split('\n');
  const wanted = oldLines.map(line => line.trim());
  while (wanted.length > 1 && wanted.at(-1) === '') wanted.pop();
  const anchor = wanted.findIndex(line => line !== '');
  if (anchor === -1) return undefined;
  const run = findRun(lines, wanted);
  if (run.kind !== 'once') return undefined;
  return {
    start: run.start,
    count: wanted.length,
    newLines: withoutTrailingBlanks(newText.split('\n'), oldLines.length - wanted.length),
    oldIndent: indentOf(oldLines[anchor] as string),
    fileIndent: indentOf(lines[run.start + anchor] as string)
  };
}

/** The lines that replace the match. */
export function replacementLines(match: LooseMatch): string[] {
  return match.newLines.map(line =>
    reindents(line, match) ? match.fileIndent + line.slice(match.oldIndent.length) : line
  );
}

/**
 * How many bytes replacing the match changes the text by (negative when it shrinks), counted
 * without building the replacement: re-indenting many lines to a deep indentation can multiply
 * newText's size.
 */
export function replacementDelta(
  lines: readonly string[],
  match: LooseMatch,
  lineBreakBytes: number
): number {
  let removed = 0;
  for (let index = match.start; index < match.start + match.count; index++) {
    removed += Buffer.byteLength(lines[index] as string, 'utf8');
  }
  let added = 0;
  let reindented = 0;
  for (const line of match.newLines) {
    added += Buffer.byteLength(line, 'utf8');
    if (reindents(line, match)) reindented++;
  }
  added +=
    reindented * (Buffer.byteLength(match.fileIndent, 'utf8') - Buffer.byteLength(match.oldIndent, 'utf8'));
  return added - removed + (match.newLines.length - match.count) * lineBreakBytes;
}

function reindents(line: string, match: LooseMatch): boolean {
  return line !== '' && line.startsWith(match.oldIndent);
}

type Run = { kind: 'none' } | { kind: 'once'; start: number } | { kind: 'many' };

/** Where `wanted` occurs as consecutive trimmed lines of `lines`, overlapping occurrences counted. */
function findRun(lines: readonly string[], wanted: readonly string[]): Run {
  const ids = new Map<string, number>();
  const pattern = wanted.map(line => {
    const known = ids.get(line);
    if (known !== undefined) return known;
    ids.set(line, ids.size);
    return ids.size - 1;
  });
  const failure = prefixFunction(pattern);
  let start: number | undefined;
  let matched = 0;
  for (let index = 0; index < lines.length; index++) {
    const id = ids.get((lines[index] as string).trim()) ?? -1;
    while (matched > 0 && pattern[matched] !== id) matched = failure[matched - 1] as number;
    if (pattern[matched] === id) matched++;
    if (matched === pattern.length) {
      if (start !== undefined) return { kind: 'many' };
      start = index - pattern.length + 1;
      matched = failure[matched - 1] as number;
    }
  }
  return start === undefined ? { kind: 'none' } : { kind: 'once', start };
}

/** Knuth–Morris–Pratt's table: for each prefix, the length of its longest proper border. */
function prefixFunction(pattern: readonly number[]): number[] {
  const failure = new Array<number>(pattern.length).fill(0);
  for (let index = 1, border = 0; index < pattern.length; index++) {
    while (border > 0 && pattern[index] !== pattern[border]) border = failure[border - 1] as number;
    if (pattern[index] === pattern[border]) border++;
    failure[index] = border;
  }
  return failure;
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** `lines` without up to `count` empty lines at its end. */
function withoutTrailingBlanks(lines: string[], count: number): string[] {
  let end = lines.length;
  while (end > 0 && lines.length - end < count && lines[end - 1] === '') end--;
  return lines.slice(0, end);
}
