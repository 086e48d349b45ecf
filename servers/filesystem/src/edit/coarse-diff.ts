import type { StructuredPatchHunk } from 'diff';

import type { ChangedSpan } from './changed-span.js';
import { countLines } from './changed-span.js';

/**
 * One hunk that replaces a span's old lines whole by its new ones, built in linear time: the
 * fallback when a line-by-line diff would take too long. Applied as a patch it gives the same
 * result as the exact diff; it only shows more lines as changed. Its line counts are the whole
 * span's, but it stops adding lines once they pass `maxChars` (the diff is cut to the output
 * budget anyway, and a whole 10 MB file need not be copied into it first).
 */
export function coarseHunk(span: ChangedSpan, maxChars: number): StructuredPatchHunk {
  const lines: string[] = [];
  let chars = 0;
  const add = (marker: string, text: string) => {
    for (let start = 0; start < text.length && chars <= maxChars;) {
      const lineEnd = text.indexOf('\n', start);
      const line = text.slice(start, lineEnd === -1 ? text.length : lineEnd);
      lines.push(marker + line);
      chars += line.length + 2;
      if (lineEnd === -1) {
        lines.push('\\ No newline at end of file');
        break;
      }
      start = lineEnd + 1;
    }
  };
  add(' ', span.leading);
  add('-', span.oldMiddle);
  add('+', span.newMiddle);
  add(' ', span.trailing);
  const leading = countLines(span.leading);
  const trailing = countLines(span.trailing);
  return {
    oldStart: span.skippedLines + 1,
    oldLines: leading + countLines(span.oldMiddle) + trailing,
    newStart: span.skippedLines + 1,
    newLines: leading + countLines(span.newMiddle) + trailing,
    lines
  };
}
