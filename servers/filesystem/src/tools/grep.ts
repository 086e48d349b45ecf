import type { ToolCall } from '@mcpkit/core';
import { PageMeter, byteLength, defineCursor, jsonBytes, payloadRoom } from '@mcpkit/core';
import { z } from 'zod';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';
import { BINARY_SNIFF_BYTES, looksBinary } from '../fs/binary.js';
import { walk } from '../fs/walk.js';
import { collectWarnings, renderWarnings, walkWarningsField } from '../fs/walk-warnings.js';
import type { WarningCollector } from '../fs/walk-warnings.js';
import { literalMatcher, regexMatcher, splitLines } from '../search/matcher.js';
import type { Matcher } from '../search/matcher.js';
import { createSlots } from '../search/slots.js';
import { READ_ONLY, cursorArgument, globList, pathArgument, queryOf } from './common.js';
import { nameOrPathMatcher } from './exclude-matcher.js';
import { define } from './define.js';

const MAX_LINE_CHARS = 400;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 64;
const READ_AHEAD = 16;
const SMALL_FILE_BYTES = 64 * 1024;

const input = z.object({
  pattern: z.string().min(1).max(1000).describe('Text to find (literal unless regex is true)'),
  path: pathArgument('File or directory to search (default: every allowed directory)').optional(),
  regex: z.boolean().default(false).describe('Treat pattern as a JavaScript regular expression (u flag)'),
  ignoreCase: z.boolean().default(false).describe('Match regardless of letter case'),
  include: globList(
    'Only search files matching these globs (e.g. *.ts, src/**/*.js); a glob without / matches names'
  ).default([]),
  exclude: globList('Skip files and directories matching these globs').default([]),
  respectGitignore: z.boolean().default(true).describe('Skip what .gitignore files ignore, and .git'),
  includeHidden: z
    .boolean()
    .default(false)
    .describe('Search files and directories whose names start with a dot'),
  contextLines: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe('Lines of context before and after each match'),
  limit: z.number().int().min(1).max(2000).default(100).describe('Most matching lines per page'),
  cursor: cursorArgument
});

const match = z.object({
  path: z.string().describe('Absolute path of the file'),
  line: z.number().int().describe('1-based line number'),
  column: z.number().int().describe('1-based column of the first match on the line'),
  text: z.string().describe('The matching line (long lines are cut around the match)'),
  before: z.array(z.string()).optional().describe('Context lines before'),
  after: z.array(z.string()).optional().describe('Context lines after')
});

const output = z.object({
  matches: z.array(match).describe('Matching lines, file by file in path order'),
  filesSearched: z.number().int().describe('Files read for this page'),
  filesWithMatches: z.number().int().describe('Files with at least one match on this page'),
  skipped: z
    .object({
      binary: z.number().int().describe('Binary files skipped'),
      tooLarge: z.number().int().describe('Files over the size limit skipped'),
      unreadable: z.number().int().describe('Files that could not be read')
    })
    .describe('Files not searched, by reason'),
  truncated: z.boolean().describe('True when more matches may follow'),
  nextCursor: z.string().optional().describe('Pass as cursor (with the same arguments) for the next page'),
  warnings: walkWarningsField
});

type Output = z.output<typeof output>;
type Match = z.output<typeof match>;

const grepCursor = defineCursor(
  'grep',
  z.object({ file: z.number().int().min(0), skip: z.number().int().min(0) })
);

interface Candidate {
  index: number;
  resolved: ResolvedPath;
}

/** grep: content search, literal or regex, .gitignore-aware, with context lines and pagination. */
export const grepTool = define.tool({
  name: 'grep',
  title: 'Search File Contents',
  description:
    'Search inside files for text (literal by default, or a regular expression with regex: true) and ' +
    'return matching lines with path, line and column, optionally with context lines. Skips binary ' +
    'files, files over the size limit, dot-files and what .gitignore ignores (both switchable). Narrow ' +
    'with path, include and exclude globs. Results are paged: pass nextCursor with the same arguments ' +
    'to continue. Long searches report progress and can be cancelled. To find files by name use search_files.',
  input,
  output,
  annotations: READ_ONLY,
  async handler(args, call) {
    // Each search may hold READ_AHEAD files (up to maxFileBytes each) in memory: only a few run at once.
    await searchSlots.acquire(call.signal);
    try {
      return await runSearch(args, call);
    } finally {
      searchSlots.release();
    }
  },
  render: result => [renderResult(result), ...renderWarnings(result.warnings)].join('\n')
});

async function runSearch(args: z.output<typeof input>, call: ToolCall<FilesystemContext>): Promise<Output> {
  const sandbox = await sandboxFor(call);
  const start =
    args.cursor === undefined ? { file: 0, skip: 0 } : grepCursor.decode(args.cursor, queryOf(args));
  const matcherOptions = {
    ignoreCase: args.ignoreCase,
    timeoutMs: call.context.regexTimeoutMs,
    signal: call.signal
  };
  const matcher = args.regex
    ? regexMatcher(args.pattern, matcherOptions)
    : literalMatcher(args.pattern, matcherOptions);
  try {
    const warnings = collectWarnings();
    const result = await search(args, { sandbox, matcher, call, start, warnings });
    return { ...result, ...warnings.field() };
  } finally {
    await matcher.close();
  }
}

/** A match's lines of the text: its context before, itself, its context after (grep's format). */
function matchLines(found: Match): string[] {
  const lines: string[] = [];
  found.before?.forEach((text, offset, all) =>
    lines.push(`${found.path}-${found.line - all.length + offset}-${text}`)
  );
  lines.push(`${found.path}:${found.line}:${found.text}`);
  found.after?.forEach((text, offset) => lines.push(`${found.path}-${found.line + offset + 1}-${text}`));
  return lines;
}

function renderResult(result: Output): string {
  if (result.matches.length === 0) return `No matches (${result.filesSearched} files searched).`;
  const lines = result.matches.flatMap(matchLines);
  if (result.nextCursor) lines.push(`[more matches: call again with cursor "${result.nextCursor}"]`);
  return lines.join('\n');
}

/** How many content searches may run at once in this process (the rest wait, cancellably). */
const searchSlots = createSlots(2);

async function search(
  args: z.output<typeof input>,
  run: {
    sandbox: Sandbox;
    matcher: Matcher;
    call: ToolCall<FilesystemContext>;
    start: { file: number; skip: number };
    warnings: WarningCollector;
  }
): Promise<Output> {
  const { sandbox, call } = run;
  const result: Output = {
    matches: [],
    filesSearched: 0,
    filesWithMatches: 0,
    skipped: { binary: 0, tooLarge: 0, unreadable: 0 },
    truncated: false
  };
  // Each match is measured in both renderings: its JSON, and its lines of the text (see fitPage).
  const meter = new PageMeter(payloadRoom(call.maxOutputBytes));
  let batch: { candidate: Candidate; text: string }[] = [];
  let batchBytes = 0;

  // Returns false when the page is full (and sets nextCursor).
  const flush = async (): Promise<boolean> => {
    if (batch.length === 0) return true;
    call.throwIfCancelled();
    const hitsPerFile = await run.matcher.match(batch.map(item => item.text));
    for (const [fileIndex, item] of batch.entries()) {
      const hits = hitsPerFile[fileIndex] ?? [];
      const skip = item.candidate.index === run.start.file ? run.start.skip : 0;
      if (hits.length > skip) result.filesWithMatches++;
      const lines = hits.length > 0 ? splitLines(item.text) : [];
      for (let hitIndex = skip; hitIndex < hits.length; hitIndex++) {
        const [line, column, length] = hits[hitIndex] as readonly [number, number, number];
        const found = toMatch(item.candidate.resolved.real, lines, {
          line,
          column,
          length,
          context: args.contextLines
        });
        const cost = [byteLength(found) + 1, jsonBytes(matchLines(found).join('\n')) + 1];
        if (result.matches.length >= args.limit || !meter.add(cost)) {
          result.truncated = true;
          result.nextCursor = grepCursor.encode(
            { file: item.candidate.index, skip: hitIndex },
            queryOf(args)
          );
          return false;
        }
        result.matches.push(found);
      }
    }
    batch = [];
    batchBytes = 0;
    await call.progress(result.filesSearched, { message: `${result.filesSearched} files searched` });
    return true;
  };

  // Files are read READ_AHEAD at a time (the thread pool overlaps their I/O), matched in order.
  let group: Candidate[] = [];
  const readGroup = async (): Promise<boolean> => {
    const texts = await Promise.all(
      group.map(candidate =>
        readCandidate(sandbox, candidate.resolved, { maxBytes: call.context.maxFileBytes, result })
      )
    );
    for (const [position, text] of texts.entries()) {
      if (text === undefined) continue;
      result.filesSearched++;
      batch.push({ candidate: group[position] as Candidate, text });
      batchBytes += text.length;
      if ((batchBytes >= BATCH_BYTES || batch.length >= BATCH_FILES) && !(await flush())) return false;
    }
    group = [];
    return true;
  };
  for await (const candidate of candidates(args, sandbox, { call, warnings: run.warnings })) {
    if (candidate.index < run.start.file) continue;
    group.push(candidate);
    if (group.length >= READ_AHEAD && !(await readGroup())) return result;
  }
  if (!(await readGroup())) return result;
  await flush();
  call.throwIfCancelled();
  return result;
}

async function* candidates(
  args: z.output<typeof input>,
  sandbox: Sandbox,
  { call, warnings }: { call: ToolCall<FilesystemContext>; warnings: WarningCollector }
): AsyncGenerator<Candidate> {
  const include = nameOrPathMatcher(args.include);
  const exclude = nameOrPathMatcher(args.exclude);
  const tops =
    args.path === undefined
      ? await Promise.all(sandbox.roots.map(root => sandbox.resolve(root.real, 'read')))
      : [await sandbox.resolve(args.path, 'read')];
  let index = 0;
  for (const top of tops) {
    if (!(await sandbox.stat(top)).isDirectory()) {
      yield { index: index++, resolved: top };
      continue;
    }
    for await (const entry of walk(sandbox, top, {
      includeHidden: args.includeHidden,
      gitignore: args.respectGitignore,
      ...(exclude ? { exclude } : {}),
      signal: call.signal,
      onWarning: warning => warnings.add(warning)
    })) {
      if (entry.type !== 'file') continue;
      if (include && !include(entry.path)) continue;
      yield { index: index++, resolved: entry.resolved };
    }
  }
}

async function readCandidate(
  sandbox: Sandbox,
  resolved: ResolvedPath,
  limits: { maxBytes: number; result: Output }
): Promise<string | undefined> {
  const { maxBytes, result } = limits;
  try {
    // Most source files are small: read those whole with synchronous calls (microseconds each).
    const bytes =
      sandbox.readSmallFile(resolved, Math.min(SMALL_FILE_BYTES, maxBytes))?.bytes ??
      (await readLarge(sandbox, resolved, limits));
    if (bytes === undefined) return undefined;
    if (looksBinary(bytes.subarray(0, BINARY_SNIFF_BYTES))) {
      result.skipped.binary++;
      return undefined;
    }
    return bytes.toString('utf8');
  } catch {
    result.skipped.unreadable++;
    return undefined;
  }
}

async function readLarge(
  sandbox: Sandbox,
  resolved: ResolvedPath,
  limits: { maxBytes: number; result: Output }
): Promise<Buffer | undefined> {
  const { handle, stats } = await sandbox.openFile(resolved);
  try {
    if (stats.size > limits.maxBytes) {
      limits.result.skipped.tooLarge++;
      return undefined;
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function toMatch(
  path: string,
  lines: readonly string[],
  hit: { line: number; column: number; length: number; context: number }
): Match {
  const around = (text: string, column: number) => {
    if (text.length <= MAX_LINE_CHARS) return text;
    const from = Math.max(0, Math.min(column - 100, text.length - MAX_LINE_CHARS));
    return `${from > 0 ? '…' : ''}${text.slice(from, from + MAX_LINE_CHARS)}…`;
  };
  const cut = (text: string) => around(text, 0);
  const before = hit.context > 0 ? lines.slice(Math.max(0, hit.line - hit.context), hit.line).map(cut) : [];
  const after = hit.context > 0 ? lines.slice(hit.line + 1, hit.line + 1 + hit.context).map(cut) : [];
  return {
    path,
    line: hit.line + 1,
    column: hit.column + 1,
    text: around(lines[hit.line] ?? '', hit.column),
    ...(before.length > 0 ? { before } : {}),
    ...(after.length > 0 ? { after } : {})
  };
}
