import { describe, expect, it } from 'vitest';

import { NamespaceIndex } from './namespace-index.js';
import type { IndexedEntity } from './text-chunk.js';
import { wordRuns } from './token-index.js';
import { startsWord } from '../word-start.js';
import { compareRecency, stampOf } from '../recency-stamp.js';

const WORDS = [
  'berlin',
  'jazz',
  'westberlin',
  'jazzy',
  'snake_case',
  'café',
  'ж',
  '𝐀lpha',
  'e',
  'on',
  '42',
  '4242'
];
const GLUE = [' ', ' ', ', ', '-', '(', ') ', '.', '_', ''];

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function entity(id: number, next: () => number, version = 0): IndexedEntity {
  const text = (count: number) =>
    Array.from(
      { length: count },
      () =>
        (WORDS[Math.floor(next() * WORDS.length)] as string) +
        (GLUE[Math.floor(next() * GLUE.length)] as string)
    ).join('');
  const name = `${text(2)}${id}`;
  const observations = Array.from({ length: Math.floor(next() * 3) }, () => text(4));
  return {
    id,
    updatedAt: new Date(Date.UTC(2026, 0, 1) + id * 1000 + version).toISOString(),
    stamp: stampOf(new Date(Date.UTC(2026, 0, 1) + id * 1000 + version).toISOString()),
    name,
    type: 'thing',
    observationText: observations.join('\u0000'),
    size: name.length + observations.join('').length
  };
}

/** What collect must answer: every entity whose texts contain `text`, by a plain scan. */
function scanned(
  entities: Map<number, IndexedEntity>,
  where: 'name' | 'observation',
  text: string
): number[] {
  return [...entities.values()]
    .filter(each =>
      where === 'name'
        ? each.name.includes(text)
        : each.observationText.split('\u0000').some(o => o.includes(text))
    )
    .map(each => each.id)
    .sort((left, right) => left - right);
}

const QUERIES = [
  'berlin',
  'berlin jazz',
  'erlin ja',
  'jazz, berlin',
  '(jazz',
  'jazz)',
  'snake_case',
  'ake_ca',
  'café-',
  'ж',
  '𝐀lpha',
  'lpha',
  'e',
  'on',
  '42',
  '4242 ',
  ', ',
  '-',
  'zzz',
  'berlin jazz berlin'
];

describe('wordRuns', () => {
  it('says how each run of word characters must sit in a word of a text holding the query', () => {
    expect(wordRuns('berlin')).toEqual([{ word: 'berlin', kind: 'infix' }]);
    expect(wordRuns('berlin jazz')).toEqual([
      { word: 'berlin', kind: 'suffix' },
      { word: 'jazz', kind: 'prefix' }
    ]);
    expect(wordRuns('a (big) deal')).toEqual([
      { word: 'a', kind: 'suffix' },
      { word: 'big', kind: 'exact' },
      { word: 'deal', kind: 'prefix' }
    ]);
    expect(wordRuns('snake_case')).toEqual([{ word: 'snake_case', kind: 'infix' }]);
    expect(wordRuns(' - ')).toEqual([]);
  });
});

describe('NamespaceIndex.collect', () => {
  it('finds exactly what a scan of every text finds, through additions, changes and deletions', () => {
    const next = random(5);
    const index = new NamespaceIndex(0);
    const entities = new Map<number, IndexedEntity>();
    const initial = Array.from({ length: 3000 }, (_, offset) => entity(offset + 1, next));
    for (const each of initial) entities.set(each.id, each);
    index.apply([], initial, 1);
    let compared = 0;
    for (let round = 0; round < 6; round++) {
      for (const where of ['name', 'observation'] as const) {
        for (const query of QUERIES) {
          const found = index.collect(where, query, Infinity).sort((left, right) => left - right);
          expect(found, `${where} ${JSON.stringify(query)} round ${round}`).toEqual(
            scanned(entities, where, query)
          );
          compared++;
          // A limit stops at that many, each a match.
          const limited = index.collect(where, query, 5);
          expect(limited.length).toBe(Math.min(5, found.length));
          for (const id of limited) expect(found).toContain(id);
        }
      }
      // Change some, delete some, add some: the next round compares again.
      const changed: number[] = [];
      const current: IndexedEntity[] = [];
      for (let count = 0; count < 400; count++) {
        const id = 1 + Math.floor(next() * (3000 + round * 100));
        changed.push(id);
        if (next() < 0.3) entities.delete(id);
        else {
          const replacement = entity(id, next, round + 1);
          entities.set(id, replacement);
          current.push(replacement);
        }
      }
      index.apply(
        changed,
        current.filter(each => entities.get(each.id) === each),
        round + 2
      );
    }
    expect(compared).toBe(6 * 2 * QUERIES.length);
  });

  it('stays exact after so many changes that its word postings are built again', () => {
    const next = random(9);
    const index = new NamespaceIndex(0);
    const entities = new Map<number, IndexedEntity>();
    const initial = Array.from({ length: 500 }, (_, offset) => entity(offset + 1, next));
    for (const each of initial) entities.set(each.id, each);
    index.apply([], initial, 1);
    // Each change leaves its entity's old postings stale: some 30,000 changes of ~6 words each
    // pass the 65,536 stale postings that start a rebuild, more than once; each batch is checked.
    let checked = 0;
    for (let version = 2; version < 600; version++) {
      const changed = Array.from({ length: 50 }, () => 1 + Math.floor(next() * 500));
      const current: IndexedEntity[] = [];
      for (const id of new Set(changed)) {
        if (next() < 0.2) {
          entities.delete(id);
          continue;
        }
        const replacement = entity(id, next, version);
        entities.set(id, replacement);
        current.push(replacement);
      }
      index.apply(changed, current, version);
      const query = QUERIES[version % QUERIES.length] as string;
      for (const where of ['name', 'observation'] as const) {
        expect(index.collect(where, query, Infinity).sort((left, right) => left - right)).toEqual(
          scanned(entities, where, query)
        );
        checked++;
      }
    }
    expect(checked).toBe(2 * 598);
  });

  it('stays exact when one batch deletes most entities, building its word postings again midway', () => {
    const next = random(13);
    const index = new NamespaceIndex(0);
    const entities = new Map<number, IndexedEntity>();
    // Entities of 40 words each: deleting 2,000 leaves 80,000 stale postings, past the 65,536 and
    // the live ones that start a rebuild, which must keep every entity not yet deleted.
    const initial = Array.from({ length: 3000 }, (_, offset) => {
      const id = offset + 1;
      const made = entity(id, next);
      const words = Array.from({ length: 40 }, (_, word) => `w${id}x${word}`).join(' ');
      return { ...made, observationText: [made.observationText, words].filter(Boolean).join('\u0000') };
    });
    for (const each of initial) entities.set(each.id, each);
    index.apply([], initial, 1);
    const deleted = initial
      .map(each => each.id)
      .reverse()
      .slice(0, 2000);
    for (const id of deleted) entities.delete(id);
    index.apply(deleted, [], 2);
    for (const query of [...QUERIES, 'w1x', 'w1x39', 'w999x0']) {
      for (const where of ['name', 'observation'] as const) {
        expect(index.collect(where, query, Infinity).sort((left, right) => left - right)).toEqual(
          scanned(entities, where, query)
        );
      }
    }
  });

  it('orders a load, added in batches and sorted in runs, as one sort would', async () => {
    const next = random(21);
    // Stamps with many ties, in batches out of recency order, one entity met twice.
    const list = Array.from({ length: 10_000 }, (_, offset) => {
      const made = entity(offset + 1, next);
      const updatedAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 300) * 1000).toISOString();
      return { ...made, updatedAt, stamp: stampOf(updatedAt) };
    });
    const index = new NamespaceIndex(1);
    for (let start = 0; start < list.length; start += 700) index.load(list.slice(start, start + 700));
    index.load([{ ...(list[5] as IndexedEntity), name: 'met again' }]);
    await index.finishLoading();
    expect(index.recency.map(each => each.id)).toEqual([...list].sort(compareRecency).map(each => each.id));
    expect(index.get(6)?.name).toBe((list[5] as IndexedEntity).name);
    expect(index.collect('name', 'met again', 10)).toEqual([]);
  });

  it('tells exactly which entities have a word starting with each query word, through changes', () => {
    const next = random(31);
    const index = new NamespaceIndex(0);
    const entities = new Map<number, IndexedEntity>();
    const initial = Array.from({ length: 2000 }, (_, offset) => entity(offset + 1, next));
    for (const each of initial) entities.set(each.id, each);
    index.apply([], initial, 1);
    const changed = initial.slice(0, 300).map(each => entity(each.id, next, 1));
    for (const each of changed) entities.set(each.id, each);
    index.apply(
      changed.map(each => each.id),
      changed,
      2
    );
    const ids = [...entities.keys()];
    const starts = (each: IndexedEntity, word: string) =>
      startsWord(each.name, word) || startsWord(each.observationText, word);
    for (const words of [
      ['berlin'],
      ['jazz', 'berlin'],
      ['ja', 'west'],
      ['snake', 'case'],
      ['42'],
      ['ж', 'caf']
    ]) {
      const expected = ids.filter(id => words.every(word => starts(entities.get(id) as IndexedEntity, word)));
      expect(index.startingEvery(words, ids, { needed: true }), words.join(' ')).toEqual(expected);
      // Not needed, for many ids the postings are worth reading; for one, not when they are many.
      expect(index.startingEvery(words, ids, { needed: false }), words.join(' ')).toEqual(expected);
    }
    expect(index.startingEvery(['berlin'], ids.slice(0, 1), { needed: false })).toBeUndefined();
    expect(index.startingEvery(['berlin'], ids.slice(0, 1), { needed: true })).toHaveLength(
      starts(entities.get(ids[0] as number) as IndexedEntity, 'berlin') ? 1 : 0
    );
  });
});
