import { describe, expect, it } from 'vitest';

import { startsWord } from './word-start.js';

/** The definition startsWord must keep: `word` where no letter, digit or underscore precedes it. */
const reference = (text: string, word: string): boolean =>
  new RegExp(`(?<![\\p{L}\\p{N}_])${word}`, 'u').test(text);

describe('startsWord', () => {
  it('finds a word start after any character that is not a letter, digit or underscore', () => {
    expect(startsWord('drinks coffee', 'coff')).toBe(true);
    expect(startsWord('decaf-coffee', 'coff')).toBe(true);
    expect(startsWord('(coffee)', 'coff')).toBe(true);
    expect(startsWord('coffee', 'coffee')).toBe(true);
    expect(startsWord('a coffee and a tea', 'tea')).toBe(true);
  });

  it('finds none inside a word, after a digit or an underscore, or in another alphabet', () => {
    expect(startsWord('toffee', 'off')).toBe(false);
    expect(startsWord('snake_case', 'case')).toBe(false);
    expect(startsWord('x2coffee', 'coffee')).toBe(false);
    expect(startsWord('éclair', 'clair')).toBe(false);
    expect(startsWord('', 'a')).toBe(false);
    expect(startsWord('abc', '')).toBe(false);
  });

  it('reads the code point before an occurrence, surrogate pairs included', () => {
    // 𝐀 (U+1D400) is a letter outside the BMP; 😀 is not a letter; U+0301 is a combining mark.
    expect(startsWord('𝐀bc', 'bc')).toBe(false);
    expect(startsWord('😀bc', 'bc')).toBe(true);
    expect(startsWord('e\u0301bc', 'bc')).toBe(true);
    expect(startsWord('\udc00bc', 'bc')).toBe(true);
  });

  it('agrees with the regular expression it replaces on a corpus of mixed texts', () => {
    const pieces = ['ab', 'b', 'a_', '_', ' ', '-', '1', 'é', '𝐀', '😀', 'ж', '\u0301', 'ba', '.', '\udc00'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = () => pieces[Math.floor(next() * pieces.length)] as string;
    let checked = 0;
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 8) }, pick).join('');
      for (const word of ['a', 'b', 'ab', 'ba', 'bab', '1', 'ж', 'é']) {
        expect(startsWord(text, word), `${JSON.stringify(text)} / ${word}`).toBe(reference(text, word));
        checked++;
      }
    }
    expect(checked).toBe(24_000);
  });
});
