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
