/**
 * Where two texts differ, in whole lines: the common lines before and after are cut off, but for
 * up to `context` of them on each side, so that a diff of the span is the diff of the texts.
 */
export interface ChangedSpan {
  /** Lines of the common start left out: the span's line 1 is the texts' line `skippedLines + 1`. */
  skippedLines: number;
  /** Common lines kept before the change (each with its `\n`). */
  leading: string;
  /** The differing lines of the old and the new text. */
  oldMiddle: string;
  newMiddle: string;
  /** Common lines kept after the change (the last may have no `\n`). */
  trailing: string;
}

/**
 * The span where `before` and `after` differ, or undefined when they are equal. Linear: the texts
 * are compared character by character from both ends, so a small edit of a large file leaves only
 * a few lines for the line diff.
 */
export function changedSpan(before: string, after: string, context: number): ChangedSpan | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  prefix = prefix === 0 ? 0 : before.lastIndexOf('\n', prefix - 1) + 1;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // Whole lines only: the common end must start a line in both texts, or it loses its first line.
  if (!startsLine(before, before.length - suffix) || !startsLine(after, after.length - suffix)) {
    const lineEnd = before.indexOf('\n', before.length - suffix);
    suffix = lineEnd === -1 ? 0 : before.length - lineEnd - 1;
  }
  const oldEnd = before.length - suffix;
  let from = prefix;
  for (let count = 0; count < context && from > 0; count++) {
    from = from >= 2 ? before.lastIndexOf('\n', from - 2) + 1 : 0;
  }
  let to = oldEnd;
  for (let count = 0; count < context && to < before.length; count++) {
    const lineEnd = before.indexOf('\n', to);
    to = lineEnd === -1 ? before.length : lineEnd + 1;
  }
  return {
    skippedLines: countLineBreaks(before, from),
    leading: before.slice(from, prefix),
    oldMiddle: before.slice(prefix, oldEnd),
    newMiddle: after.slice(prefix, after.length - suffix),
    trailing: before.slice(oldEnd, to)
  };
}

/** How many `\n` the first `end` characters of `text` hold. */
export function countLineBreaks(text: string, end = text.length): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** How many lines `text` holds, a last line without `\n` included. */
export function countLines(text: string): number {
  return countLineBreaks(text) + (text === '' || text.endsWith('\n') ? 0 : 1);
}

function startsLine(text: string, index: number): boolean {
  return index === 0 || text.charCodeAt(index - 1) === NEWLINE;
}

const NEWLINE = 10;
