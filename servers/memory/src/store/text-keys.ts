import { hash } from 'node:crypto';

/**
 * Text as search compares it: lower-cased by JavaScript, as the official server folds both sides
 * of its `includes`. Stored beside the original, so both engines compare the same bytes whatever
 * their own collation and case rules.
 */
export function fold(text: string): string {
  return text.toLowerCase();
}

/** The key a name or an observation is unique by: SHA-256 of its UTF-8 bytes. */
export function textKey(text: string): Buffer {
  // One-shot hashing: about twice as fast as createHash() for short texts (an import hashes many).
  return hash('sha256', text, 'buffer');
}

/** A key as a map key (Buffers compare by identity). */
export function keyId(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64');
}
