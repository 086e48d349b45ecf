/** UTF-8 bytes a string takes inside a JSON document (escapes included, quotes excluded). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

/**
 * Cuts `text` so it takes at most `maxBytes` inside JSON, without splitting a surrogate pair.
 * Returns the text and whether it was cut.
 */
export function fitJson(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (jsonBytes(text) <= maxBytes) return { text, cut: false };
  let low = 0;
  let high = Math.min(text.length, Math.max(0, maxBytes));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (jsonBytes(text.slice(0, middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  let end = low;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), cut: true };
}

/**
 * Bytes of a result's budget its main payload (the items of a page, a file's text) may take: the
 * budget less `envelope`, the room kept for what surrounds the payload (counts, warnings, a
 * nextCursor, the JSON punctuation of each rendering). The one rule for every tool; a tool that
 * measures each rendering of each item (see fitPage) needs no more than this.
 */
export function payloadRoom(maxOutputBytes: number, envelope: number = DEFAULT_ENVELOPE_BYTES): number {
  return Math.max(MIN_PAYLOAD_BYTES, maxOutputBytes - envelope);
}

/** What payloadRoom keeps for the envelope unless told otherwise: a cursor, counts and a few warnings. */
export const DEFAULT_ENVELOPE_BYTES = 2048;
/** The least payloadRoom gives, however small the budget: one small item or a few lines. */
const MIN_PAYLOAD_BYTES = 1024;
