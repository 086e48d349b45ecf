import { StringDecoder } from 'node:string_decoder';

import { fitJson } from '@mcpkit/core';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

/** A window of lines read from a file, and where it stopped. */
export interface LineWindow {
  lines: string[];
  /** 1-based number of the first line in `lines` (undefined for a tail when lines were not counted). */
  startLine?: number;
  /** True when the window reaches the end of the file. */
  reachedEnd: boolean;
  /** True when the byte budget, not the line limit, ended the window. */
  cutByBudget: boolean;
  /** True when a single line was longer than the budget and only its start is returned. */
  lineCut: boolean;
  /** Lines in the file, when the read reached the end. */
  totalLines?: number;
  /** When the window reaches the end: whether the file ends with a line break. */
  finalNewline?: boolean;
}

/**
 * What a line costs in a JSON rendering: its escaped bytes plus the newline joining it, which JSON
 * escapes as two bytes (`\\n`), as many as the quotes `JSON.stringify` adds.
 */
export function jsonCost(line: string): number {
  return Buffer.byteLength(JSON.stringify(line), 'utf8');
}

/** Where a window of lines stops: its byte budget and what each line costs beyond its own text. */
export interface LineBudget {
  /** Most bytes the lines may take as JSON. */
  maxBytes: number;
  /** Bytes added to every line when it is shown (e.g. a line-number prefix); default 0. */
  lineOverhead?: number;
}

/**
 * Streams lines `start`…`start+limit-1` (1-based) of an open file, stopping early once the lines
 * would exceed `maxBytes` as JSON. Memory stays bounded by one chunk plus the returned lines, so a
 * range of a multi-gigabyte file costs only what it returns (and the bytes before it).
 */
export async function readLineRange(
  source: ByteSource,
  window: LineBudget & { start: number; limit: number }
): Promise<LineWindow> {
  const overhead = window.lineOverhead ?? 0;
  const decoder = new StringDecoder('utf8');
  const lines: string[] = [];
  let position = 0;
  let lineNumber = 0;
  let pending = '';
  // True while an unterminated line before the window was seen but its text not kept.
  let skippedPartial = false;
  let used = 0;
  const result = (fields: Partial<LineWindow>): LineWindow => ({
    lines,
    startLine: window.start,
    reachedEnd: false,
    cutByBudget: false,
    lineCut: false,
    ...fields
  });
  // Returns a window when the line ends it, or undefined to keep reading.
  const take = (raw: string): LineWindow | undefined => {
    lineNumber++;
    if (lineNumber < window.start) return undefined;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const cost = jsonCost(line) + overhead;
    if (used + cost > window.maxBytes) {
      if (lines.length > 0) return result({ cutByBudget: true });
      lines.push(cutToBudget(line, window.maxBytes - overhead));
      return result({ cutByBudget: true, lineCut: true });
    }
    used += cost;
    lines.push(line);
    return lines.length >= window.limit ? result({}) : undefined;
  };
  for (;;) {
    const chunk = await source.read(position);
    if (chunk.length === 0) break;
    position += chunk.length;
    const text = pending + decoder.write(chunk);
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      const done = take(text.slice(from, newline));
      from = newline + 1;
      if (done) return text.length === from && position >= source.size ? finish(done) : done;
    }
    // A line before the window is only counted, so its text need not be kept (only that it began).
    const rest = text.slice(from);
    const skipping = lineNumber + 1 < window.start;
    skippedPartial = skipping && (rest.length > 0 || (from === 0 && skippedPartial));
    pending = skipping ? '' : rest;
    if (pending.length > 4 * window.maxBytes + CHUNK_BYTES) {
      // One enormous line: enough is known to answer without holding all of it.
      const done = take(pending);
      if (done) return done;
    }
  }
  pending += decoder.end();
  // A last line without a line break still counts, even when its text was skipped.
  const finalNewline = pending.length === 0 && !skippedPartial;
  if (!finalNewline) {
    const done = take(pending);
    if (done) return finish(done, false);
  }
  return { ...result({}), reachedEnd: true, totalLines: lineNumber, finalNewline };

  function finish(done: LineWindow, endsWithNewline = true): LineWindow {
    return { ...done, reachedEnd: true, totalLines: lineNumber, finalNewline: endsWithNewline };
  }
}

/** Reads bytes at a position: an open FileHandle, or a file already in memory. */
export interface PositionalReader {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** A {@link PositionalReader} over bytes already in memory (a small file read whole). */
export function memoryReader(bytes: Buffer): PositionalReader {
  return {
    // eslint-disable-next-line max-params -- the shape of FileHandle.read, so a handle is a reader as it is
    read: (buffer, offset, length, position) =>
      Promise.resolve({
        bytesRead: bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length))
      })
  };
}

/** Bytes of a file by position: an open handle, with its first bytes possibly already in memory. */
export interface ByteSource {
  readonly size: number;
  /** Reads the next bytes at `position` (empty at the end); valid until the next call. */
  read(position: number): Promise<Buffer>;
}

/** A {@link ByteSource} over an open file whose first bytes (`head`) were already read. */
export function fileSource(handle: PositionalReader, size: number, head: Buffer): ByteSource {
  let buffer: Buffer | undefined;
  return {
    size,
    async read(position) {
      if (position < head.length) return head.subarray(position);
      if (position >= size) return EMPTY;
      // Allocated only when the file is longer than what is already in memory.
      buffer ??= Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    }
  };
}

/**
 * Reads the last `count` lines of an open file of `size` bytes by reading backwards in chunks, so
 * only the tail is read. Lines that would exceed `maxBytes` as JSON are dropped from the front; when
 * the last line alone exceeds it, its end is returned (`lineCut`).
 */
export async function readLastLines(
  handle: PositionalReader,
  tail: LineBudget & { size: number; count: number }
): Promise<LineWindow> {
  // An empty file has no lines (splitting its empty text would make one).
  if (tail.size === 0) return { lines: [], reachedEnd: true, cutByBudget: false, lineCut: false };
  const overhead = tail.lineOverhead ?? 0;
  const chunks: Buffer[] = [];
  let position = tail.size;
  let newlines = 0;
  let readBytes = 0;
  // A final newline ends the last line rather than starting an empty one.
  const wanted = tail.count + 1;
  // Reading stops at four budgets' worth: what lies before that could not be returned anyway.
  while (position > 0 && newlines < wanted && readBytes < tail.maxBytes * 4 + CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, position);
    position -= length;
    const chunk = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(chunk, 0, length, position);
    const data = chunk.subarray(0, bytesRead);
    chunks.unshift(data);
    readBytes += bytesRead;
    for (const byte of data) if (byte === NEWLINE) newlines++;
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (text.endsWith('\n')) text = text.slice(0, -1);
  const pieces = text.split('\n').map(line => (line.endsWith('\r') ? line.slice(0, -1) : line));
  // When reading stopped before the start of the file, the first piece is only the end of a line.
  const startsMidLine = position > 0;
  const whole = startsMidLine ? pieces.slice(1) : pieces;
  const lines = whole.slice(-tail.count);
  let used = 0;
  let keepFrom = lines.length;
  while (keepFrom > 0 && used + jsonCost(lines[keepFrom - 1] as string) + overhead <= tail.maxBytes) {
    used += jsonCost(lines[keepFrom - 1] as string) + overhead;
    keepFrom--;
  }
  const kept = lines.slice(keepFrom);
  if (kept.length === 0) {
    // The last line alone exceeds the budget: return its end. It may be longer than all that was
    // read (then it is the only piece, and no whole line was read).
    const last = lines.at(-1) ?? pieces.at(-1) ?? '';
    return {
      lines: [cutTailToBudget(last, tail.maxBytes - overhead)],
      reachedEnd: true,
      cutByBudget: true,
      lineCut: true
    };
  }
  // Fewer whole lines read than asked for, before the start of the file: the read limit, set by the
  // budget, left the earlier ones out.
  const unread = startsMidLine && whole.length < tail.count;
  return { lines: kept, reachedEnd: true, cutByBudget: keepFrom > 0 || unread, lineCut: false };
}

/** Counts the lines of an open file by streaming it (bounded memory). */
export async function countLines(handle: PositionalReader, size: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = 0;
  let count = 0;
  let last = NEWLINE;
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    for (let index = 0; index < bytesRead; index++) if (buffer[index] === NEWLINE) count++;
    last = buffer[bytesRead - 1] as number;
  }
  return last === NEWLINE ? count : count + 1;
}

/** The longest start of `line` that fits `maxBytes` (as {@link jsonCost}), never half a surrogate pair. */
function cutToBudget(line: string, maxBytes: number): string {
  return fitJson(line, maxBytes - 2).text;
}

/** The longest end of `line` that fits `maxBytes` (as {@link jsonCost}), never starting inside a surrogate pair. */
function cutTailToBudget(line: string, maxBytes: number): string {
  // Every UTF-16 unit costs at least one byte, and the quotes two: no longer end can fit.
  let low = Math.max(0, line.length - Math.max(0, maxBytes - 2));
  let high = line.length;
  // The cost falls as the start moves right: find the first start whose end fits.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (jsonCost(line.slice(middle)) <= maxBytes) high = middle;
    else low = middle + 1;
  }
  const code = line.charCodeAt(low);
  return line.slice(code >= 0xdc00 && code <= 0xdfff ? low + 1 : low);
}
