/**
 * What the store keeps, for tools and imports alike: so every entity an import brings in can be
 * addressed by the tools. Generous next to what agents write (the official server sets no limits;
 * these refuse no realistic call), and small enough that an entity's header and a relation always
 * fit a page of the smallest budget a graph read accepts (MIN_GRAPH_BUDGET).
 */
export const LIMITS = {
  /** Characters in an entity name. */
  nameChars: 1000,
  /** Characters in an entity or relation type. */
  typeChars: 500,
  /** Characters in one observation (a page cuts longer ones in pieces, never the store). */
  observationChars: 100_000
} as const;

/** Why a text cannot be stored, or undefined when it can. */
export function unstorable(text: string): string | undefined {
  if (text.includes('\u0000'))
    return 'contains the NUL character (U+0000), which the store cannot keep: remove it';
  if (/\p{Cs}/u.test(text)) {
    return 'contains a lone UTF-16 surrogate (half of a character such as an emoji, cut off), which is not text and cannot be stored faithfully: send the whole character, or remove the half';
  }
  return undefined;
}
