import { ToolError } from '@mcpkit/core';

import { findLooseMatch, replacementDelta, replacementLines } from './loose-match.js';
import { assertWithinLimit, writtenBytes } from './size-limit.js';
import type { SizeLimit } from './size-limit.js';

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
 *
 * Each edit's result is weighed against `limit` before it is built (from the count of
 * replacements), so a `replaceAll` with a longer newText cannot grow a file past the size the
 * server would read, nor the process's memory with it.
 */
export function applyEdits(text: string, edits: readonly Edit[], limit: SizeLimit): EditOutcome {
  let current = text;
  let size = limit.extraBytes + writtenBytes(text, limit);
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
      const next = size + positions.length * (writtenBytes(newText, limit) - writtenBytes(oldText, limit));
      assertWithinLimit(label, next, limit);
      current = edit.replaceAll
        ? current.split(oldText).join(newText)
        : current.slice(0, positions[0]) + newText + current.slice((positions[0] as number) + oldText.length);
      size = next;
      replacements.push(positions.length);
      return;
    }
    const lines = current.split('\n');
    const loose = findLooseMatch(lines, oldText, newText);
    if (loose !== undefined) {
      const next = size + replacementDelta(lines, loose, limit.lineBreakBytes);
      assertWithinLimit(label, next, limit);
      lines.splice(loose.start, loose.count, ...replacementLines(loose));
      current = lines.join('\n');
      size = next;
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

const MAX_COMPARED = 2000;

/** How many lines, and characters of them, the search for the nearest text scans at most. */
const NEAREST_MAX_LINES = 50_000;
const NEAREST_MAX_CHARS = 4_000_000;

/** Describes where the closest text to `oldText` is, to help the model fix its quote. */
function nearest(text: string, oldText: string): string {
  const first = (oldText.split('\n').find(line => line.trim() !== '') ?? '').trim().slice(0, 200);
  if (first === '') return '';
  const lines = text.split('\n');
  const wanted = bigrams(first);
  let best = { score: 0, line: -1 };
  const limit = Math.min(lines.length, NEAREST_MAX_LINES);
  for (let index = 0, scanned = 0; index < limit && scanned < NEAREST_MAX_CHARS; index++) {
    const candidate = (lines[index] as string).trim().slice(0, 200);
    scanned += candidate.length;
    if (candidate === '') continue;
    if (Math.abs(candidate.length - first.length) > first.length) continue;
    const score = candidate === first ? 1 : similarity(wanted, first.length, candidate);
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

/** The bigrams of `text` (two UTF-16 units as one number) and how often each occurs. */
function bigrams(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = 0; index < text.length - 1; index++) {
    const pair = text.charCodeAt(index) * 0x10000 + text.charCodeAt(index + 1);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/**
 * Bigram (Dice) similarity in [0, 1] of a text (given by its bigrams and length) and `right`:
 * linear in the line length, so a whole file is cheap to scan.
 */
function similarity(left: ReadonlyMap<number, number>, leftLength: number, right: string): number {
  if (leftLength < 2 || right.length < 2) return 0;
  const used = new Map<number, number>();
  let shared = 0;
  for (let index = 0; index < right.length - 1; index++) {
    const pair = right.charCodeAt(index) * 0x10000 + right.charCodeAt(index + 1);
    const taken = used.get(pair) ?? 0;
    if (taken < (left.get(pair) ?? 0)) {
      used.set(pair, taken + 1);
      shared++;
    }
  }
  return (2 * shared) / (leftLength + right.length - 2);
}
