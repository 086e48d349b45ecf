const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** A byte count for people: `1.50 KB`, `0 B` (1024-based, as the official server prints). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return '0 B';
  const exponent = Math.min(Math.floor(Math.log(bytes) / Math.log(1024)), UNITS.length - 1);
  if (exponent <= 0) return `${bytes} B`;
  return `${(bytes / 1024 ** exponent).toFixed(2)} ${UNITS[exponent]}`;
}
