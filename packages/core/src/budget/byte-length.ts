/** UTF-8 size in bytes of a string, or of a value's JSON serialisation. */
export function byteLength(value: unknown): number {
  return Buffer.byteLength(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), 'utf8');
}
