import { Worker } from 'node:worker_threads';

import { ToolError } from '@mcpkit/core';

/** A hit in one file: 0-based line index, 0-based column, match length. */
export type Hit = readonly [line: number, column: number, length: number];

/** Finds the lines of many texts that match; regexes run in a worker that a timeout can stop. */
export interface Matcher {
  match(texts: readonly string[]): Promise<Hit[][]>;
  close(): Promise<void>;
}

/** A literal (substring) matcher; runs in-process (it cannot backtrack). */
export function literalMatcher(needle: string, ignoreCase: boolean): Matcher {
  const find = literalFinder(needle, ignoreCase);
  return {
    match: texts => Promise.resolve(texts.map(text => literalHits(text, find))),
    close: () => Promise.resolve()
  };
}

/** Finds the next occurrence at or after `from`: its index and length, in the original text. */
type Find = (text: string, from: number) => readonly [at: number, length: number] | undefined;

function literalFinder(needle: string, ignoreCase: boolean): Find {
  if (!ignoreCase) {
    return (text, from) => {
      const at = text.indexOf(needle, from);
      return at === -1 ? undefined : [at, needle.length];
    };
  }
  // Lower-casing the text can change its length ('İ' becomes two UTF-16 units), which would shift
  // every column after it; an escaped pattern matches case-insensitively in the original text.
  const pattern = new RegExp(needle.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'giu');
  return (text, from) => {
    pattern.lastIndex = from;
    const found = pattern.exec(text);
    return found ? [found.index, found[0].length] : undefined;
  };
}

/** The first occurrence on each line that has one. */
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

// Runs in the worker (CommonJS, from source): matches each line of each text, with lines split as
// splitLines splits them (so $ matches before a CRLF, and nothing matches past the last line).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', texts => {
  parentPort.postMessage(texts.map(text => {
    const hits = [];
    const lines = text.split('\\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index].endsWith('\\r') ? lines[index].slice(0, -1) : lines[index];
      pattern.lastIndex = 0;
      const found = pattern.exec(line);
      if (found) hits.push([index, found.index, found[0].length]);
    }
    return hits;
  }));
});
`;

/**
 * A regular-expression matcher. The pattern is checked here (a syntax error is a ToolError) and run
 * in a worker thread: a catastrophically backtracking pattern is stopped after `timeoutMs` per batch
 * by terminating the worker, so a model's regex can never hang the server.
 */
export function regexMatcher(
  source: string,
  options: { ignoreCase: boolean; timeoutMs: number; signal: AbortSignal }
): Matcher {
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
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { source, flags },
    // A batch holds at most ~1 MiB of text (or one file up to the size limit): bound the heap.
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 }
  });
  worker.unref();
  // A worker that fails between batches must not become an unhandled 'error' event.
  worker.on('error', () => undefined);
  // The timeout measures matching, not the thread's start: on a loaded machine a new worker can
  // take longer to come up than a batch may take to match (seen at 300 ms under a full test run).
  const online = new Promise<void>((resolve, reject) => {
    worker.once('online', () => resolve());
    worker.once('exit', code =>
      reject(new Error(`The regex worker exited (code ${code}) before it started.`))
    );
  });
  online.catch(() => undefined);
  return {
    async match(texts) {
      await online;
      return new Promise<Hit[][]>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
          options.signal.removeEventListener('abort', onAbort);
        };
        const onMessage = (hits: Hit[][]) => {
          cleanup();
          resolve(hits);
        };
        const onError = (error: Error) => {
          cleanup();
          reject(error);
        };
        const onAbort = () => {
          cleanup();
          void worker.terminate();
          reject(
            new ToolError('CANCELLED', 'The search was cancelled.', {
              hint: 'Call again if you still need it.'
            })
          );
        };
        const timer = setTimeout(() => {
          cleanup();
          void worker.terminate();
          reject(
            new ToolError(
              'REGEX_TIMEOUT',
              `The regular expression took over ${options.timeoutMs} ms on one batch of files and was stopped.`,
              {
                hint: 'Simplify the pattern (avoid nested quantifiers such as (a+)+), narrow the files with include, or search literally.'
              }
            )
          );
        }, options.timeoutMs);
        worker.on('message', onMessage);
        worker.on('error', onError);
        options.signal.addEventListener('abort', onAbort, { once: true });
        worker.postMessage(texts);
      });
    },
    close: async () => {
      await worker.terminate();
    }
  };
}
