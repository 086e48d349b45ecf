import { ToolError } from '@mcpkit/core';

/** The most an edit may make a file weigh, and how its text is weighed once written. */
export interface SizeLimit {
  /** Most bytes the file may take once written (`--max-file-bytes`). */
  maxBytes: number;
  /** Bytes written besides the text: 3 for a byte order mark, else 0. */
  extraBytes: number;
  /** Bytes each `\n` of the text takes once written: 2 in a CRLF file, else 1. */
  lineBreakBytes: 1 | 2;
}

/** The bytes `text` (with `\n` line breaks) takes once written as UTF-8 under `limit`. */
export function writtenBytes(text: string, limit: SizeLimit): number {
  let bytes = Buffer.byteLength(text, 'utf8');
  if (limit.lineBreakBytes === 2) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) bytes++;
  }
  return bytes;
}

/**
 * Throws when a file of `bytes` (the predicted result of an edit, counted before the edited text
 * is built) would be over the limit: an edit must not write what the server refuses to read.
 */
export function assertWithinLimit(label: string, bytes: number, limit: SizeLimit): void {
  if (bytes <= limit.maxBytes) return;
  throw new ToolError(
    'RESULT_TOO_LARGE',
    `${label} would make the file ${bytes} bytes, over the ${limit.maxBytes}-byte limit (--max-file-bytes); nothing was changed.`,
    {
      hint: 'Replace fewer occurrences or a shorter newText per call, or ask the operator to raise --max-file-bytes.'
    }
  );
}
