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
  const wanted = ignoreCase ? needle.toLowerCase() : needle;
  return {
    match: texts =>
      Promise.resolve(
        texts.map(text => {
          const hits: Hit[] = [];
          const haystack = ignoreCase ? text.toLowerCase() : text;
          let lineStart = 0;
          let line = 0;
          for (let at = haystack.indexOf(wanted); at !== -1; at = haystack.indexOf(wanted, at + 1)) {
            while (true) {
              const newline = haystack.indexOf('\n', lineStart);
              if (newline === -1 || newline >= at) break;
              lineStart = newline + 1;
              line++;
            }
            if (hits.at(-1)?.[0] !== line) hits.push([line, at - lineStart, wanted.length]);
          }
          return hits;
        })
      ),
    close: () => Promise.resolve()
  };
}

// Runs in the worker (CommonJS, from source): matches each line of each text.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', texts => {
  parentPort.postMessage(texts.map(text => {
    const hits = [];
    const lines = text.split('\\n');
    for (let index = 0; index < lines.length; index++) {
      pattern.lastIndex = 0;
      const found = pattern.exec(lines[index]);
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
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, flags } });
  worker.unref();
  return {
    match(texts) {
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
