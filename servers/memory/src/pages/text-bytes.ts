import { jsonBytes } from '@mcpkit/core';

// The tools' text rendering is the result's compact JSON, and a client receives it inside a JSON
// string (the `text` of a content block), escaped again. core's jsonBytes counts that: the bytes
// a piece of JSON text takes once escaped, which is what the output budget measures. Escaping is
// per character, so the size of a whole is the sum of its pieces'.

/** `jsonBytes` of a value's compact JSON. */
export function valueBytes(value: unknown): number {
  return jsonBytes(JSON.stringify(value));
}

/** The content block around the text: `[{"type":"text","text":"` … `"}]`. */
export const CONTENT_ENVELOPE_BYTES = 27;

/**
 * The longest prefix of `text` (never splitting a character) whose JSON string body, escaped again,
 * takes at most `maxBytes`: how a page cuts an observation too long to fit. Returns its length in
 * UTF-16 units.
 */
export function fittingPrefix(text: string, maxBytes: number): number {
  let used = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.codePointAt(index) as number;
    const cost = characterBytes(code);
    if (used + cost > maxBytes) break;
    used += cost;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

/** One character inside a JSON string, escaped again: `"` is `\\\"` (4), `\n` is `\\n` (3), … */
function characterBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 4;
  if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return 3;
  if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) return 7;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}
