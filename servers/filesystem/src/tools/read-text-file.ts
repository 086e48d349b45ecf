import type { ToolCall } from '@mcpkit/core';
import { ToolError, payloadRoom } from '@mcpkit/core';
import { z } from 'zod';

import { sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';
import { BINARY_SNIFF_BYTES, looksBinary } from '../fs/binary.js';
import type { Stats } from 'node:fs';

import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { countLines, fileSource, memoryReader, readLastLines, readLineRange } from '../fs/line-reader.js';
import type { PositionalReader } from '../fs/line-reader.js';
import type { LineWindow } from '../fs/line-reader.js';
import { READ_ONLY, pathArgument } from './common.js';
import { define } from './define.js';

const MAX_LINES = 1_000_000;
const HEAD_BYTES = 64 * 1024;

const input = z.object({
  path: pathArgument('The file to read'),
  head: z
    .number()
    .int()
    .min(1)
    .max(MAX_LINES)
    .optional()
    .describe('Return only the first N lines (same as offset 1, limit N).'),
  tail: z.number().int().min(1).max(MAX_LINES).optional().describe('Return only the last N lines.'),
  offset: z
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .optional()
    .describe('1-based line to start at (use nextOffset from a truncated result to continue).'),
  limit: z.number().int().min(1).max(MAX_LINES).optional().describe('Most lines to return from offset.'),
  lineNumbers: z
    .boolean()
    .default(false)
    .describe(
      'Prefix each line with its 1-based number and a tab (as `cat -n`), for citing or editing lines.'
    )
});

const output = z.object({
  path: z.string().describe('The path as requested'),
  content: z.string().describe('The text read (lines joined with \\n; CRLF shown as \\n)'),
  startLine: z.number().int().optional().describe('1-based number of the first line returned'),
  endLine: z.number().int().optional().describe('1-based number of the last line returned'),
  totalLines: z.number().int().optional().describe('Lines in the file, when the read reached its end'),
  size: z.number().int().describe('File size in bytes'),
  contentBytes: z.number().int().describe('UTF-8 bytes of content: what was returned, not the file'),
  truncated: z.boolean().describe('True when more lines follow than were returned'),
  cutBy: z
    .enum(['limit', 'budget'])
    .optional()
    .describe(
      'When truncated, what ended the read: the lines asked for (head, limit) or the output byte budget'
    ),
  reason: z
    .string()
    .optional()
    .describe('When truncated: what was shown, what ended the read, and how to read the rest'),
  nextOffset: z.number().int().optional().describe('Pass as offset to read on from here'),
  lineCut: z.boolean().optional().describe('True when one very long line was cut to fit the byte budget')
});

type Output = z.output<typeof output>;

async function readText(args: z.output<typeof input>, call: ToolCall<FilesystemContext>): Promise<Output> {
  if (args.head !== undefined && args.tail !== undefined) {
    throw new ToolError('INVALID_ARGUMENTS', 'head and tail cannot be used together.', {
      hint: 'Pass head for the start of the file or tail for its end, not both.'
    });
  }
  if (args.tail !== undefined && (args.offset !== undefined || args.limit !== undefined)) {
    throw new ToolError('INVALID_ARGUMENTS', 'tail cannot be combined with offset or limit.', {
      hint: 'Use tail alone, or offset/limit alone.'
    });
  }
  const sandbox = await sandboxFor(call);
  const resolved = await sandbox.resolve(args.path, 'read');
  const opened = await openForLines(sandbox, resolved);
  const { reader: handle, stats, head } = opened;
  const bytesRead = head.length;
  try {
    const sample = head.subarray(0, Math.min(bytesRead, BINARY_SNIFF_BYTES));
    if (looksBinary(sample)) {
      throw new ToolError(
        'BINARY_FILE',
        `${args.path} is a binary file (${stats.size} bytes); it is not shown as text.`,
        {
          hint: 'Use read_media_file for images, audio and other binary files, or get_file_info for its metadata.'
        }
      );
    }
    const maxBytes = payloadRoom(call.maxOutputBytes);
    let window: LineWindow;
    if (args.tail !== undefined) {
      window = await readLastLines(handle, {
        size: stats.size,
        count: args.tail,
        maxBytes,
        lineOverhead: numberOverhead(args.lineNumbers, stats.size + 1)
      });
      if (args.lineNumbers) {
        const total = await countLines(handle, stats.size);
        window = { ...window, startLine: total - window.lines.length + 1, totalLines: total };
      }
    } else {
      const start = args.offset ?? 1;
      const limit = args.head ?? args.limit ?? MAX_LINES;
      window = await readLineRange(fileSource(handle, stats.size, head), {
        start,
        limit,
        maxBytes,
        lineOverhead: numberOverhead(args.lineNumbers, Math.min(start + limit - 1, stats.size + 1))
      });
      if (window.lines.length === 0 && start > 1) {
        throw new ToolError(
          'OUT_OF_RANGE',
          `${args.path} has ${lineCount(window.totalLines ?? 0)}; offset ${start} is past its end.`,
          {
            hint: `Use an offset between 1 and ${Math.max(1, window.totalLines ?? 1)}, or tail to read the end.`
          }
        );
      }
    }
    return shape(args, window, stats.size);
  } finally {
    await opened.close();
  }
}

/**
 * A small file is read whole at once (synchronously, microseconds); a larger one is opened, and its
 * first chunk read, for streaming. Either way: a reader, the stats, and the bytes already read.
 */
async function openForLines(
  sandbox: Sandbox,
  resolved: ResolvedPath
): Promise<{ reader: PositionalReader; stats: Stats; head: Buffer; close(): Promise<void> }> {
  const small = sandbox.readSmallFile(resolved, HEAD_BYTES);
  if (small) {
    return {
      reader: memoryReader(small.bytes),
      stats: small.stats,
      head: small.bytes,
      close: () => Promise.resolve()
    };
  }
  const { handle, stats } = await sandbox.openFile(resolved);
  try {
    const head = Buffer.allocUnsafe(Math.min(HEAD_BYTES, stats.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { reader: handle, stats, head: head.subarray(0, bytesRead), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The JSON bytes a line-number prefix adds to each line: the number padded to 6 digits (more for
 * `highest` past 999999) and a tab, escaped as two bytes. 0 without line numbers.
 */
function numberOverhead(numbered: boolean, highest: number): number {
  return numbered ? Math.max(6, String(highest).length) + 2 : 0;
}

function lineCount(count: number): string {
  return count === 1 ? '1 line' : `${count} lines`;
}

function shape(args: z.output<typeof input>, window: LineWindow, size: number): Output {
  const start = window.startLine;
  const lines =
    args.lineNumbers && start !== undefined
      ? window.lines.map((line, index) => `${String(start + index).padStart(6)}\t${line}`)
      : window.lines;
  const end = start === undefined ? undefined : start + window.lines.length - 1;
  // A cut line was returned (in part), so at the end of the file nothing follows it.
  const more = !window.reachedEnd || (window.cutByBudget && !window.lineCut && args.tail === undefined);
  const truncated = more || window.lineCut || (args.tail !== undefined && window.cutByBudget);
  // A whole-file read returns the text as it is, final line break included (as the official server does).
  const content = lines.join('\n') + (wholeFile(args, window) ? '\n' : '');
  const nextOffset = more && end !== undefined && args.tail === undefined ? end + 1 : undefined;
  const result: Output = {
    path: args.path,
    content,
    ...(start === undefined ? {} : { startLine: start }),
    ...(end === undefined || window.lines.length === 0 ? {} : { endLine: end }),
    ...(window.totalLines === undefined ? {} : { totalLines: window.totalLines }),
    size,
    contentBytes: Buffer.byteLength(content, 'utf8'),
    truncated,
    ...(nextOffset === undefined ? {} : { nextOffset }),
    ...(window.lineCut ? { lineCut: true } : {})
  };
  if (!truncated) return result;
  const cutBy = window.cutByBudget || window.lineCut ? 'budget' : 'limit';
  const read = { cutBy, tail: args.tail !== undefined, lines: window.lines.length } as const;
  return { ...result, cutBy, reason: explain(result, read) };
}

/** What a truncated read shows, why it stopped, and the call that reads on (or why none can). */
function explain(result: Output, read: { cutBy: 'limit' | 'budget'; tail: boolean; lines: number }): string {
  const count = read.lines;
  const shown =
    result.startLine === undefined || result.endLine === undefined
      ? `the last ${lineCount(count)}`
      : `lines ${result.startLine}–${result.endLine}`;
  const of = result.totalLines === undefined ? '' : ` of ${result.totalLines}`;
  const showing = `Showing ${shown}${of} (${result.contentBytes} bytes of a ${result.size}-byte file)`;
  const next =
    result.nextOffset === undefined ? '' : ` Call again with offset=${result.nextOffset} to continue.`;
  if (read.cutBy === 'limit') return `${showing}.${next}`;
  if (result.lineCut && read.tail) {
    // The middle of a line longer than the budget is reachable by no line range; its start is.
    const where =
      result.startLine === undefined
        ? 'Call again with lineNumbers=true to learn its line number; offset=<that number> shows its start.'
        : `It is line ${result.startLine}: offset=${result.startLine} shows its start.`;
    return `The last line is longer than the output budget: only its last ${result.contentBytes} bytes are shown, and what lies between its start and them cannot be shown within the budget. ${where}`;
  }
  if (result.lineCut) {
    const line = result.startLine ?? 1;
    return `Line ${line} is longer than the output budget: only its first ${result.contentBytes} bytes are shown, and the rest of it cannot be shown within the budget.${next}`;
  }
  if (read.tail) {
    const before =
      result.startLine === undefined
        ? 'call again with lineNumbers=true to learn where this tail starts, then read the lines before it with offset and limit.'
        : `read the lines before line ${result.startLine} with offset and limit (e.g. offset=${Math.max(1, result.startLine - count)}, limit=${Math.min(count, result.startLine - 1)}).`;
    return `${showing}: earlier lines did not fit the output budget. To see them, ${before}`;
  }
  return `${showing}: the output budget ended the read.${next}`;
}

function wholeFile(args: z.output<typeof input>, window: LineWindow): boolean {
  return (
    window.finalNewline === true &&
    !window.cutByBudget &&
    window.lines.length > 0 &&
    args.tail === undefined &&
    args.head === undefined &&
    args.limit === undefined &&
    !args.lineNumbers
  );
}

/**
 * The text the official server returns: the lines alone. When the caller's own limit (head, limit)
 * ended the read, that is all a client written for the official server expects; the way on is in
 * structuredContent. Only when the budget cut the read short of what was asked does the text say so,
 * since the lines alone would then pass for all of it.
 */
function render(result: Output): string {
  if (result.cutBy !== 'budget') return result.content;
  return `${result.content}\n\n[Truncated: ${result.reason ?? ''}]`;
}

const DESCRIPTION =
  'Read a text file. By default returns the whole file up to the output budget; when it is larger, ' +
  'the result is truncated at a line boundary with nextOffset to continue. Use head/tail for the ' +
  'first/last N lines, or offset+limit for a line range (1-based); set lineNumbers to get `cat -n` ' +
  'style numbers for citing or editing. Large files are streamed, never loaded whole. Binary files ' +
  'are refused (use read_media_file). Only works within allowed directories.';

/** read_text_file: the official tool, with line ranges, line numbers and a byte-budgeted result. */
export const readTextFileTool = define.tool({
  name: 'read_text_file',
  title: 'Read Text File',
  description: DESCRIPTION,
  input,
  output,
  annotations: READ_ONLY,
  handler: readText,
  render
});

/** read_file: the official deprecated alias of read_text_file, kept so existing prompts still work. */
export const readFileTool = define.tool({
  name: 'read_file',
  title: 'Read File (Deprecated)',
  description: `DEPRECATED: use read_text_file, which this alias runs. ${DESCRIPTION}`,
  input,
  output,
  annotations: READ_ONLY,
  handler: readText,
  render
});
