import { ToolError } from '@mcpkit/core';

import { workerMatcher } from './worker-matcher.js';

/** A hit in one file: 0-based line index, 0-based column, match length. */
export type Hit = readonly [line: number, column: number, length: number];

/**
 * Finds the lines of many texts that match; patterns that can take long run in a worker that a
 * timeout can stop.
 */
export interface Matcher {
  match(texts: readonly string[]): Promise<Hit[][]>;
  close(): Promise<void>;
}

/** What a matcher needs besides its pattern. */
export interface MatcherOptions {
  ignoreCase: boolean;
  /** Longest one batch of files may take to match (worker matchers only). */
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * A literal (substring) matcher. Case-sensitive, it runs in-process: `indexOf` is linear in the
 * text. Case-insensitive, it runs in a worker like `regexMatcher`, because a case-insensitive
 * RegExp of a literal is O(text × pattern) on adversarial input ('a'×1000+'b' over a file of 'a's
 * takes about a second per MB) and would hold every other call; it finds the same hits.
 */
export function literalMatcher(needle: string, options: MatcherOptions): Matcher {
  if (options.ignoreCase) {
    // An escaped pattern matches case-insensitively in the original text: lower-casing the text
    // could change its length ('İ' becomes two UTF-16 units) and shift every column after it.
    return workerMatcher({
      source: needle.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'),
      flags: 'giu',
      scope: 'text',
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      timeoutError: () =>
        new ToolError(
          'SEARCH_TIMEOUT',
          `The case-insensitive search took over ${options.timeoutMs} ms on one batch of files and was stopped.`,
          {
            hint: 'Search with ignoreCase: false (exact case is fast on any input), use a shorter pattern, or narrow the files with path or include.'
          }
        )
    });
  }
  const find: Find = (text, from) => {
    const at = text.indexOf(needle, from);
    return at === -1 ? undefined : [at, needle.length];
  };
  return {
    match: texts => Promise.resolve(texts.map(text => literalHits(text, find))),
    close: () => Promise.resolve()
  };
}

/** Finds the next occurrence at or after `from`: its index and length, in the original text. */
type Find = (text: string, from: number) => readonly [at: number, length: number] | undefined;

/** The first occurrence on each line that has one (the worker's textHits is the same loop). */
function literalHits(text: string, find: Find): Hit[] {
  const hits: Hit[] = [];
  let line = 0;
  let lineStart = 0;
  for (let found = find(text, 0); found !== undefined;) {
    const [at, length] = found;
    for (let newline = text.indexOf('\n', lineStart); newline !== -1 && newline < at;) {
      lineStart = newline + 1;
      line++;
      newline = text.indexOf('\n', lineStart);
    }
    hits.push([line, at - lineStart, length]);
    const lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) break;
    found = find(text, lineEnd + 1);
  }
  return hits;
}

/**
 * A text's lines as grep numbers them: split at \n, without a line terminator's \r, and without the
 * empty "line" after a final newline.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.map(line => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * A regular-expression matcher. The pattern is checked here (a syntax error is a ToolError) and run
 * in a worker thread: a catastrophically backtracking pattern is stopped after `timeoutMs` per batch
 * by terminating the worker, so a model's regex can never hang the server.
 */
export function regexMatcher(source: string, options: MatcherOptions): Matcher {
  const flags = options.ignoreCase ? 'iu' : 'u';
  try {
    new RegExp(source, flags);
  } catch (error) {
    throw new ToolError(
      'INVALID_REGEX',
      `The pattern is not a valid regular expression: ${(error as Error).message}.`,
      {
        hint: 'Fix the regex (JavaScript syntax, u flag), or set regex: false to search for the text literally.'
      }
    );
  }
  return workerMatcher({
    source,
    flags,
    scope: 'lines',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    timeoutError: () =>
      new ToolError(
        'REGEX_TIMEOUT',
        `The regular expression took over ${options.timeoutMs} ms on one batch of files and was stopped.`,
        {
          hint: 'Simplify the pattern (avoid nested quantifiers such as (a+)+), narrow the files with include, or search literally.'
        }
      )
  });
}
