import { describe, expect, it } from 'vitest';

import { intersection, union } from './sorted-ids.js';

describe('sorted id sets', () => {
  it('intersects and unites lists in any order, each id once', () => {
    expect(
      intersection([
        [5, 1, 9, 3],
        [3, 9, 12],
        [9, 3, 1]
      ])
    ).toEqual([3, 9]);
    expect(intersection([[1, 2], []])).toEqual([]);
    expect(intersection([])).toEqual([]);
    expect(union([[5, 1], [1, 7, 5], [2]])).toEqual([1, 2, 5, 7]);
    expect(union([])).toEqual([]);
  });

  it('keeps ids past 32 bits exact (a PostgreSQL sequence that went far)', () => {
    const big = 2 ** 40 + 3;
    expect(
      intersection([
        [big, 4],
        [4, big, 2 ** 40 + 4]
      ])
    ).toEqual([4, big]);
    expect(union([[big], [2 ** 32, big, 1]])).toEqual([1, 2 ** 32, big]);
  });

  it('agrees with Sets on random lists', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 50; round++) {
      const lists = Array.from({ length: 1 + (next() % 4) }, () => [
        ...new Set(Array.from({ length: next() % 200 }, () => next() % 300))
      ]);
      const all = new Set(lists.flat());
      const every = [...all].filter(id => lists.every(list => list.includes(id)));
      expect(union(lists)).toEqual([...all].sort((left, right) => left - right));
      expect(intersection(lists)).toEqual(every.sort((left, right) => left - right));
    }
  });
});
