import { Worker } from 'node:worker_threads';

import { ToolError } from '@mcpkit/core';

import type { Hit, Matcher } from './matcher.js';

/** How a worker applies its pattern to each text. */
export type MatchScope =
  /** Each line on its own, split as `splitLines` splits them (regex search). */
  | 'lines'
  /** The whole text with a global pattern, first hit per line (literal search, as `literalMatcher`). */
  | 'text';

/** What `workerMatcher` runs, and how long it may take. */
export interface WorkerMatcherOptions {
  /** A pattern that `new RegExp(source, flags)` accepts (the caller has checked it). */
  source: string;
  flags: string;
  scope: MatchScope;
  /** Longest one batch may take to match before the worker is stopped. */
  timeoutMs: number;
  signal: AbortSignal;
  /** The error a batch that runs past `timeoutMs` rejects with: it says what to change. */
  timeoutError: () => ToolError;
}

// Runs in the worker (CommonJS, from source). 'lines' splits as splitLines does (so $ matches before
// a CRLF, and nothing matches past the last line); 'text' is literalHits of matcher.ts, the pattern
// global, so a multi-line literal matches as it does case-sensitively.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData.source, workerData.flags);
function lineHits(text) {
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
}
function textHits(text) {
  const hits = [];
  let line = 0;
  let lineStart = 0;
  pattern.lastIndex = 0;
  for (let found = pattern.exec(text); found !== null;) {
    const at = found.index;
    for (let newline = text.indexOf('\\n', lineStart); newline !== -1 && newline < at;) {
      lineStart = newline + 1;
      line++;
      newline = text.indexOf('\\n', lineStart);
    }
    hits.push([line, at - lineStart, found[0].length]);
    const lineEnd = text.indexOf('\\n', at);
    if (lineEnd === -1) break;
    pattern.lastIndex = lineEnd + 1;
    found = pattern.exec(text);
  }
  return hits;
}
const hitsOf = workerData.scope === 'text' ? textHits : lineHits;
parentPort.on('message', texts => {
  parentPort.postMessage(texts.map(hitsOf));
});
`;

/**
 * A matcher that runs a pattern in a worker thread, so that however long the pattern takes it never
 * holds the event loop: a batch that runs past `timeoutMs` terminates the worker and rejects with
 * `timeoutError()`. `regexMatcher` and the case-insensitive `literalMatcher` are built on it.
 */
export function workerMatcher(options: WorkerMatcherOptions): Matcher {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { source: options.source, flags: options.flags, scope: options.scope },
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
      reject(new Error(`The search worker exited (code ${code}) before it started.`))
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
          reject(options.timeoutError());
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
