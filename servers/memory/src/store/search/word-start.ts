/** A word character: a letter, a digit or an underscore, as PostgreSQL's `\m` reads words. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * The word-start test of the word tier: whether a word of `text` starts with `word` (both folded),
 * that is, whether `word` occurs where no word character precedes it. A word is a run of letters,
 * digits and underscores, as PostgreSQL's `\m` reads it, so both engines and the index in memory
 * agree. `indexOf` and a look at the code point before each occurrence: several times faster than
 * a regular expression with a lookbehind, on the thousands of texts a search may test.
 */
export function startsWord(text: string, word: string): boolean {
  if (word.length === 0) return false;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!wordCharacterBefore(text, at)) return true;
  }
  return false;
}

function wordCharacterBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  const code = text.charCodeAt(at - 1);
  if (code < 0x80) {
    // ASCII: the letters, digits and underscore are its only word characters.
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f
    );
  }
  // The code point before: a surrogate pair when it ends in a low surrogate after a high one.
  const pair = code >= 0xdc00 && code <= 0xdfff && at >= 2 && isHighSurrogate(text.charCodeAt(at - 2));
  return WORD_CHARACTER.test(text.slice(pair ? at - 2 : at - 1, at));
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
