import { ToolError } from '@mcpkit/core';

/** One replacement: `oldText` must occur exactly once unless `replaceAll`. */
export interface Edit {
  oldText: string;
  newText: string;
  replaceAll?: boolean;
}

/** The edited text and how many replacements each edit made. */
export interface EditOutcome {
  text: string;
  replacements: number[];
  /** Edits that matched only after ignoring indentation (the official server's fallback). */
  fuzzy: number[];
}

/**
 * Applies edits in order to `text` (already with `\n` line endings). Each edit's old text must match
 * exactly once (or, with `replaceAll`, at least once); an exact miss falls back to a unique
 * whitespace-insensitive line match that keeps the file's indentation. A failed or ambiguous
 * match throws a ToolError naming the edit and the nearest lines, and nothing is applied.
 */
export function applyEdits(text: string, edits: readonly Edit[]): EditOutcome {
  let current = text;
  const replacements: number[] = [];
  const fuzzy: number[] = [];
  edits.forEach((edit, index) => {
    const label = edits.length > 1 ? `Edit ${index + 1}` : 'The edit';
    const oldText = normalize(edit.oldText);
    const newText = normalize(edit.newText);
    if (oldText.length === 0) {
      throw new ToolError('INVALID_EDIT', `${label} has an empty oldText.`, {
        hint: 'Quote the exact text to replace; to create or overwrite a file use write_file.'
      });
    }
    // Uniqueness counts overlapping matches too ("aba" twice in "ababa"); replaceAll replaces disjoint ones.
    const positions = occurrences(current, oldText, edit.replaceAll === true);
    if (positions.length > 1 && !edit.replaceAll) {
      const lines = positions.slice(0, 10).map(position => lineOf(current, position));
      throw new ToolError(
        'AMBIGUOUS_EDIT',
        `${label}'s oldText occurs ${positions.length} times (at lines ${lines.join(', ')}${positions.length > 10 ? ', …' : ''}); nothing was changed.`,
        {
          hint: 'Include more surrounding lines in oldText so it matches once, or set replaceAll: true to change every occurrence.'
        }
      );
    }
    if (positions.length > 0) {
      current = edit.replaceAll
        ? current.split(oldText).join(newText)
        : current.slice(0, positions[0]) + newText + current.slice((positions[0] as number) + oldText.length);
      replacements.push(positions.length);
      return;
    }
    const loose = looseMatch(current, oldText, newText);
    if (loose !== undefined) {
      current = loose;
      replacements.push(1);
      fuzzy.push(index);
      return;
    }
    throw new ToolError(
      'NO_MATCH',
      `${label}'s oldText was not found; nothing was changed.\n${nearest(current, oldText)}`,
      {
        hint: 'Read the file (read_text_file with lineNumbers) and copy the exact current text into oldText.'
      }
    );
  });
  return { text: current, replacements, fuzzy };
}

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** Where `needle` occurs in `haystack`: every start, or only non-overlapping ones when `disjoint`. */
function occurrences(haystack: string, needle: string, disjoint: boolean): number[] {
  const found: number[] = [];
  const step = disjoint ? needle.length : 1;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + step)) {
    found.push(at);
  }
  return found;
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < position;
    index = text.indexOf('\n', index + 1)
  )
    line++;
  return line;
}

/**
 * Matches `oldText` line by line ignoring leading and trailing whitespace; applies the edit only
 * when exactly one place matches, re-indenting the new lines to the file's indentation there.
 * Blank lines ending `oldText` are not matched, and as many ending `newText` are dropped with them,
 * so a quote that ends with a line break does not add a blank line.
 */
function looseMatch(text: string, oldText: string, newText: string): string | undefined {
  const lines = text.split('\n');
  const oldLines = oldText.split('\n');
  const wanted = oldLines.map(line => line.trim());
  while (wanted.length > 1 && wanted.at(-1) === '') wanted.pop();
  const anchor = wanted.findIndex(line => line !== '');
  if (anchor === -1) return undefined;
  const starts: number[] = [];
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((line, offset) => (lines[start + offset] as string).trim() === line)) starts.push(start);
  }
  if (starts.length !== 1) return undefined;
  const start = starts[0] as number;
  const fileIndent = indentOf(lines[start + anchor] as string);
  const oldIndent = indentOf(oldLines[anchor] as string);
  const replacement = withoutTrailingBlanks(newText.split('\n'), oldLines.length - wanted.length).map(line =>
    line !== '' && line.startsWith(oldIndent) ? fileIndent + line.slice(oldIndent.length) : line
  );
  lines.splice(start, wanted.length, ...replacement);
  return lines.join('\n');
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

const MAX_COMPARED = 2000;

/** Describes where the closest text to `oldText` is, to help the model fix its quote. */
function nearest(text: string, oldText: string): string {
  const first = (oldText.split('\n').find(line => line.trim() !== '') ?? '').trim().slice(0, 200);
  if (first === '') return '';
  const lines = text.split('\n');
  let best = { score: 0, line: -1 };
  const limit = Math.min(lines.length, 50_000);
  for (let index = 0; index < limit; index++) {
    const candidate = (lines[index] as string).trim().slice(0, 200);
    if (candidate === '') continue;
    if (Math.abs(candidate.length - first.length) > first.length) continue;
    const score = similarity(first, candidate);
    if (score > best.score) best = { score, line: index };
  }
  if (best.line === -1 || best.score < 0.5) return 'No line of the file resembles the first line of oldText.';
  const from = Math.max(0, best.line - 1);
  const shown = lines
    .slice(from, Math.min(lines.length, best.line + oldText.split('\n').length + 1))
    .map((line, offset) => `${String(from + offset + 1).padStart(6)}\t${line.slice(0, MAX_COMPARED)}`)
    .join('\n');
  return `The nearest text is at line ${best.line + 1} (${Math.round(best.score * 100)}% similar to oldText's first line):\n${shown}`;
}

/** Bigram (Dice) similarity in [0, 1]: linear in the line length, so a whole file is cheap to scan. */
function similarity(left: string, right: string): number {
  if (left === right) return 1;
  if (left.length < 2 || right.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let index = 0; index < left.length - 1; index++) {
    const pair = left.slice(index, index + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  let shared = 0;
  for (let index = 0; index < right.length - 1; index++) {
    const pair = right.slice(index, index + 2);
    const count = counts.get(pair) ?? 0;
    if (count > 0) {
      counts.set(pair, count - 1);
      shared++;
    }
  }
  return (2 * shared) / (left.length + right.length - 2);
}
