import { ToolError } from '@mcpkit/core';

import { findLooseMatch, replacementDelta, replacementLines } from './loose-match.js';
import { assertWithinLimit, writtenBytes } from './size-limit.js';
import type { SizeLimit } from './size-limit.js';

/** One replacement: `oldText` must occur exactly once unless `replaceAll`. */
export interface Edit {
  oldText: string;
  newText: string;
  replaceAll?: boolean | undefined;
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
export async function applyEdits(
  text: string,
  edits: readonly Edit[],
  limit: SizeLimit
): Promise<EditOutcome> {
  let current = text;
  let size = limit.extraBytes + writtenBytes(text, limit);
  const replacements: number[] = [];
  const fuzzy: number[] = [];
  let replaced = 0;
  for (const [index, edit] of edits.entries()) {
    // Each edit is a few passes over the text (tens of milliseconds for the largest file): other
    // calls run between them, so a hundred edits of a 10 MB file hold no one up for seconds.
    if (index > 0) await new Promise(resolve => setImmediate(resolve));
    const label = edits.length > 1 ? `Edit ${index + 1}` : 'The edit';
    const oldText = normalize(edit.oldText);
    const newText = normalize(edit.newText);
    if (oldText.length === 0) {
      throw new ToolError('INVALID_EDIT', `${label} has an empty oldText.`, {
        hint: 'Quote the exact text to replace; to create or overwrite a file use write_file.'
      });
    }
    // Uniqueness counts overlapping matches too ("aba" twice in "ababa"), the first few only;
    // replaceAll counts the disjoint ones it replaces, without keeping their places.
    const positions = edit.replaceAll ? [] : firstOccurrences(current, oldText, AMBIGUITY_SHOWN + 1);
    const count = edit.replaceAll
      ? disjointCount(current, oldText, MAX_REPLACEMENTS - replaced + 1)
      : positions.length;
    replaced += edit.replaceAll ? count : 0;
    if (replaced > MAX_REPLACEMENTS) {
      throw new ToolError(
        'TOO_MANY_REPLACEMENTS',
        `${label} would bring the call past ${MAX_REPLACEMENTS} replacements; nothing was changed.`,
        {
          hint: 'Quote a longer oldText so it matches fewer places, split the work over several calls, or rewrite the file with write_file.'
        }
      );
    }
    if (count > 1 && !edit.replaceAll) {
      const lines = positions.slice(0, AMBIGUITY_SHOWN).map(position => lineOf(current, position));
      const times = count > AMBIGUITY_SHOWN ? `more than ${AMBIGUITY_SHOWN} times` : `${count} times`;
      throw new ToolError(
        'AMBIGUOUS_EDIT',
        `${label}'s oldText occurs ${times} (at lines ${lines.join(', ')}${count > AMBIGUITY_SHOWN ? ', …' : ''}); nothing was changed.`,
        {
          hint: 'Include more surrounding lines in oldText so it matches once, or set replaceAll: true to change every occurrence.'
        }
      );
    }
    if (count > 0) {
      const next = size + count * (writtenBytes(newText, limit) - writtenBytes(oldText, limit));
      assertWithinLimit(label, next, limit);
      current = edit.replaceAll
        ? current.replaceAll(oldText, newText.replaceAll('$', '$$$$'))
        : current.slice(0, positions[0]) + newText + current.slice((positions[0] as number) + oldText.length);
      size = next;
      replacements.push(count);
      continue;
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
      continue;
    }
    throw new ToolError(
      'NO_MATCH',
      `${label}'s oldText was not found; nothing was changed.\n${nearest(current, oldText)}`,
      {
        hint: 'Read the file (read_text_file with lineNumbers) and copy the exact current text into oldText.'
      }
    );
  }
  return { text: current, replacements, fuzzy };
}

/** Places an ambiguous edit's message names. */
const AMBIGUITY_SHOWN = 10;
/**
 * Replacements one call may make in all (replaceAll's): each costs a search step and a copy, and
 * a one-letter oldText in a 10 MB file is ten million of them, seconds of work in one step.
 */
export const MAX_REPLACEMENTS = 200_000;

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** The first `most` places `needle` starts in `haystack`, overlapping ones too. */
function firstOccurrences(haystack: string, needle: string, most: number): number[] {
  const found: number[] = [];
  for (
    let at = haystack.indexOf(needle);
    at !== -1 && found.length < most;
    at = haystack.indexOf(needle, at + 1)
  ) {
    found.push(at);
  }
  return found;
}

/** How many non-overlapping times `needle` occurs in `haystack` (as replaceAll replaces them), counting to `most`. */
function disjointCount(haystack: string, needle: string, most: number): number {
  let count = 0;
  for (
    let at = haystack.indexOf(needle);
    at !== -1 && count < most;
    at = haystack.indexOf(needle, at + needle.length)
  )
    count++;
  return count;
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
