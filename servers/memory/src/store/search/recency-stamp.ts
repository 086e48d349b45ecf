import type { RecencyKey } from './search-sql.js';

/** Negative when `left` is more recent (ranks first), then by id: the order of every recency walk. */
export function compareRecency(left: RecencyKey, right: RecencyKey): number {
  return left.updatedAt > right.updatedAt ? -1 : left.updatedAt < right.updatedAt ? 1 : left.id - right.id;
}

/**
 * A recency key with a stamp: a number that orders as its text does, where the text is a
 * timestamp as the store writes them (toISOString's `YYYY-MM-DDTHH:MM:SS.sssZ`), else NaN.
 * Ranking compares thousands of members: by these numbers, without reading texts spread over the
 * heap (which cost as much as the rest of a search).
 */
export type Stamped<Key extends RecencyKey> = Key & { stamp: number };

/** Where the digits of a timestamp are, and the radix of each field after the year. */
const FIELDS = [
  { at: 0, digits: 4, radix: 1 },
  { at: 5, digits: 2, radix: 13 },
  { at: 8, digits: 2, radix: 32 },
  { at: 11, digits: 2, radix: 24 },
  { at: 14, digits: 2, radix: 60 },
  { at: 17, digits: 2, radix: 60 },
  { at: 20, digits: 3, radix: 1000 }
];
/** The other characters of a timestamp: `-`, `-`, `T`, `:`, `:`, `.` and `Z`, by position. */
const SEPARATORS = [
  [4, 45],
  [7, 45],
  [10, 84],
  [13, 58],
  [16, 58],
  [19, 46],
  [23, 90]
] as const;

/** The stamp of a timestamp's text: its fields as one number (Date.parse costs ten times more). */
export function stampOf(updatedAt: string): number {
  if (updatedAt.length !== 24) return Number.NaN;
  for (const [at, code] of SEPARATORS) if (updatedAt.charCodeAt(at) !== code) return Number.NaN;
  let stamp = 0;
  for (const { at, digits, radix } of FIELDS) {
    let field = 0;
    for (let index = at; index < at + digits; index++) {
      const digit = updatedAt.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      field = field * 10 + digit;
    }
    if (field >= radix && radix > 1) return Number.NaN;
    stamp = stamp * radix + field;
  }
  return stamp;
}

export const stamped = <Key extends RecencyKey>(key: Key): Stamped<Key> => ({
  ...key,
  stamp: stampOf(key.updatedAt)
});

/** compareRecency, by stamp where both keys have one (equal stamps: equal texts). */
export function compareStamped(left: Stamped<RecencyKey>, right: Stamped<RecencyKey>): number {
  if (left.stamp === right.stamp) return left.id - right.id;
  if (Number.isNaN(left.stamp) || Number.isNaN(right.stamp)) return compareRecency(left, right);
  return left.stamp > right.stamp ? -1 : 1;
}
