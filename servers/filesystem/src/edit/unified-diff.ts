import { formatPatch, structuredPatch } from 'diff';

import { changedSpan, countLines } from './changed-span.js';
import { coarseHunk } from './coarse-diff.js';

/** The most lines the line-by-line diff may find changed (removed plus added) before it gives up. */
export const DIFF_MAX_CHANGED_LINES = 1000;

/**
 * Line comparisons the line-by-line diff may make. Myers' diff costs O(N·D): with N lines to
 * compare, D is capped at this budget / N too, which bounds the time a single step of it (which
 * its own timeout cannot interrupt) can take on a file of repeated lines.
 */
export const DIFF_COMPARISON_BUDGET = 20_000_000;

/** The longest the line-by-line diff may run (it holds the event loop while it does). */
export const DIFF_TIMEOUT_MS = 200;

const CONTEXT = 3;

/**
 * The most lines (old and new) between the first and the last difference that are diffed line by
 * line; more, and the diff package's tokenizing alone takes about a second per 10 MB.
 */
export const DIFF_MAX_LINES = 100_000;

/** A unified diff: `exact` from the line-by-line diff, `coarse` with the changed lines in one hunk. */
export type UnifiedDiff = { kind: 'exact'; text: string } | { kind: 'coarse'; text: string };

/** One file's change, to diff. */
export interface DiffRequest {
  /** The path named in the diff's headers. */
  path: string;
  before: string;
  after: string;
  /**
   * Characters of changed lines past which a coarse diff stops listing them (the caller cuts the
   * diff to its output budget); an exact diff is never cut.
   */
  maxChars: number;
}

/**
 * A git-style unified diff of one file's change, with 3 lines of context. Only the lines between
 * the first and the last difference are diffed line by line, within DIFF_MAX_LINES,
 * DIFF_MAX_CHANGED_LINES, DIFF_COMPARISON_BUDGET and DIFF_TIMEOUT_MS; a change too large for that
 * (a `replaceAll` over many lines, say) gets a coarse diff, led by a line that says so. Patch tools
 * ignore lines before the `---` header, so either applies.
 */
export function unifiedDiff(request: DiffRequest): UnifiedDiff {
  const { path, before, after } = request;
  const header = { oldFileName: path, newFileName: path, oldHeader: 'original', newHeader: 'modified' };
  const span = changedSpan(before, after, CONTEXT);
  if (span === undefined) return { kind: 'exact', text: formatPatch({ ...header, hunks: [] }) };
  const oldLines = countLines(span.oldMiddle);
  const newLines = countLines(span.newMiddle);
  const lines = oldLines + newLines;
  const maxEditLength = Math.min(DIFF_MAX_CHANGED_LINES, Math.ceil(DIFF_COMPARISON_BUDGET / lines));
  // At least |old - new| lines change: past the cap, the line diff cannot succeed.
  if (lines <= DIFF_MAX_LINES && Math.abs(oldLines - newLines) <= maxEditLength) {
    const exact = structuredPatch(
      path,
      path,
      span.leading + span.oldMiddle + span.trailing,
      span.leading + span.newMiddle + span.trailing,
      header.oldHeader,
      header.newHeader,
      { context: CONTEXT, maxEditLength, timeout: DIFF_TIMEOUT_MS }
    );
    if (exact !== undefined) {
      for (const hunk of exact.hunks) {
        hunk.oldStart += span.skippedLines;
        hunk.newStart += span.skippedLines;
      }
      return { kind: 'exact', text: formatPatch(exact) };
    }
  }
  const note =
    `Coarse diff: the change is too large to compare line by line, so the ${oldLines} lines from ` +
    `line ${span.skippedLines + countLines(span.leading) + 1} are shown replaced whole by ${newLines} lines.`;
  const hunk = coarseHunk(span, request.maxChars);
  return { kind: 'coarse', text: `${note}\n${formatPatch({ ...header, hunks: [hunk] })}` };
}
