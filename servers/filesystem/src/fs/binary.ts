/** How many leading bytes decide whether a file is binary. */
export const BINARY_SNIFF_BYTES = 8192;

/**
 * True when the bytes look binary: a NUL byte, or more than 10% control characters other than
 * tab, newline, carriage return and form feed (the heuristic git and ripgrep use, simplified).
 */
export function looksBinary(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 27) control++;
  }
  return control / sample.length > 0.1;
}
