import { describe, expect, it } from 'vitest';

import { MANY, TokenIndex, wordRuns, wordsOf } from './token-index.js';
import type { WordRun } from './token-index.js';

/** Syllables that make words sharing starts, ends and middles, in three scripts and a surrogate pair. */
const SYLLABLES = ['ber', 'lin', 'ja', 'zz', 'on', 'é', 'жа', '𝐀', '42', 'x'];

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

function word(next: () => number): string {
  return Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(next, SYLLABLES)).join('');
}

/** The slots whose texts hold a word related to the run as its kind says, by a plain pass. */
function expected(texts: readonly string[], run: WordRun): number[] {
  const fits = (candidate: string) =>
    run.kind === 'exact'
      ? candidate === run.word
      : run.kind === 'prefix'
        ? candidate.startsWith(run.word)
        : run.kind === 'suffix'
          ? candidate.endsWith(run.word)
          : candidate.includes(run.word);
  return texts.flatMap((text, slot) => ([...wordsOf([text])].some(fits) ? [slot] : []));
}

describe('TokenIndex', () => {
  // Numbered words fill several vocabulary chunks (4096 words each), which are then searched by
  // their sorted words; the last, partly filled one by its joined string.
  const next = random(11);
  const texts = Array.from(
    { length: 6000 },
    (_, slot) => `${word(next)} ${word(next)}-${word(next)}${slot} ${slot % 7 === 0 ? 'common' : 'usual'}`
  );
  const index = new TokenIndex();
  texts.forEach((text, slot) => index.add(slot, [text]));
  const everything = { most: Infinity, limit: Infinity, holds: () => true };
  /** Whether find can narrow by a run (a short one that need only be held, or end a word, is held by most words). */
  const selective = (run: WordRun) =>
    run.kind === 'exact' || run.word.length >= (run.kind === 'prefix' ? 2 : 3);

  it('finds every slot whose words start with, end with, hold or are a run, across full and partial chunks', () => {
    const queries = [
      'ber',
      'lin',
      'zz',
      'jaz',
      'é',
      'жа',
      '𝐀',
      '42',
      '4',
      '99',
      '1234',
      'berlinja',
      'common',
      'nothing'
    ];
    for (const query of queries) {
      for (const kind of ['exact', 'prefix', 'suffix', 'infix'] as const) {
        const run = { word: query, kind };
        const found = index.find([run], everything);
        // A short run alone is looked up while few words hold it; past that, find gives up.
        if (found === undefined) {
          expect(selective(run), `${kind} ${query}`).toBe(false);
          continue;
        }
        expect(found, `${kind} ${query}`).not.toBe(MANY);
        expect(
          [...new Set(found as number[])].sort((left, right) => left - right),
          `${kind} ${query}`
        ).toEqual(expected(texts, run));
      }
    }
  });

  it('lists the postings of every word starting with a word, as the runs do', () => {
    for (const query of ['ber', 'ja', '𝐀', '42', 'zz']) {
      const lists = index.startingLists(query, Infinity) ?? [];
      const slots = new Set(lists.flatMap(list => [...list.slots.subarray(0, list.length)]));
      expect(
        [...slots].sort((left, right) => left - right),
        query
      ).toEqual(expected(texts, { word: query, kind: 'prefix' }));
    }
    expect(index.startingLists('ber', 10)).toBeUndefined();
  });

  it('looks up a short run alone while few words hold it, and gives up on a common one', () => {
    const rare = index.find([{ word: '99', kind: 'infix' }], everything);
    expect([...new Set(rare as number[])].sort((left, right) => left - right)).toEqual(
      expected(texts, { word: '99', kind: 'infix' })
    );
    expect(index.find([{ word: 'é', kind: 'infix' }], everything)).toBeUndefined();
    // In a phrase, a short run narrows nothing: the other runs do.
    const phrase = index.find(wordRuns('99 ber'), everything) as number[];
    expect(phrase.length).toBe(new Set(expected(texts, { word: 'ber', kind: 'prefix' })).size);
  });

  it('intersects the runs of a phrase, each slot once', () => {
    const holds = (text: string) => (slot: number) => (texts[slot] as string).includes(text);
    for (const phrase of ['lin ber', 'zz-ja', 'é жа', 'x42 ber']) {
      const found = index.find(wordRuns(phrase), { most: Infinity, limit: Infinity, holds: holds(phrase) });
      expect(found, phrase).not.toBe(MANY);
      const slots = found as number[];
      expect(new Set(slots).size, phrase).toBe(slots.length);
      expect(
        [...slots].sort((left, right) => left - right),
        phrase
      ).toEqual(texts.flatMap((text, slot) => (text.includes(phrase) ? [slot] : [])));
    }
  });

  it('estimating, answers MANY for a common run past its limit and the slots of a rare one', () => {
    // "common" is in one text of seven: 858 slots. Past 100 it is many, known from a sample or at the limit.
    const common = { word: 'common', kind: 'exact' } as const;
    expect(index.find([common], { most: Infinity, limit: 100, holds: () => true, estimate: true })).toBe(
      MANY
    );
    expect(
      index.find([common], { most: Infinity, limit: 5000, holds: () => true, estimate: true })
    ).toHaveLength(858);
    // Without estimate, the limit only stops the search.
    expect(index.find([common], { most: Infinity, limit: 100, holds: () => true })).toHaveLength(100);
    // A run most candidates hold (5142 of 6000) is judged from the first ones tested, before the limit.
    let tested = 0;
    const holding = () => {
      tested++;
      return true;
    };
    const usual = wordRuns('usual x');
    expect(index.find(usual, { most: Infinity, limit: 2000, holds: holding, estimate: true })).toBe(MANY);
    expect(tested).toBe(1024);
  });
});
