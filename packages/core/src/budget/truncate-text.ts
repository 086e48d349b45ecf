/** The result of {@link truncateText}. */
export interface TruncatedText {
  text: string;
  truncated: boolean;
  /** UTF-8 bytes kept. */
  returnedBytes: number;
  /** UTF-8 bytes in the input. */
  totalBytes: number;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. Callers report
 * `truncated` and tell the model how to read the rest (an offset, a narrower query).
 */
export function truncateText(text: string, maxBytes: number): TruncatedText {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= maxBytes) {
    return { text, truncated: false, returnedBytes: buffer.length, totalBytes: buffer.length };
  }
  let end = Math.max(0, maxBytes);
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end--;
  return {
    text: buffer.subarray(0, end).toString('utf8'),
    truncated: true,
    returnedBytes: end,
    totalBytes: buffer.length
  };
}
