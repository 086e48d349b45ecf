import { closeSync, mkdirSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { InferToolInput, InferToolOutput } from '@mcpkit/core';
import { callTool } from '@mcpkit/testing';
import type { TypedToolResult } from '@mcpkit/testing';

import { SORTED_LISTING_LIMIT } from '../src/fs/directory-entries.js';
import { listDirectoryTool, listDirectoryWithSizesTool } from '../src/tools/list-directory.js';
import { createHarness } from './harness.js';
import type { FsHarness } from './harness.js';

/** The two listing tools, whose results are typed by the tool called. */
type Listing = typeof listDirectoryTool | typeof listDirectoryWithSizesTool;

const BUDGET = 65_536;
const HUGE = 200_000;
const LARGE = 12_000;

let fs: FsHarness;

/** Creates `count` empty files named `prefix` + a zero-padded number in `directory`. */
function emptyFiles(directory: string, count: number, prefix = 'file-'): string[] {
  mkdirSync(directory, { recursive: true });
  const names = Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(6, '0')}`);
  for (const name of names) closeSync(openSync(join(directory, name), 'w'));
  return names;
}

beforeAll(async () => {
  fs = await createHarness({});
  emptyFiles(fs.dir.resolve('huge'), HUGE);
}, 60_000);

afterAll(async () => {
  await fs.close();
});

function resultOf<Output>(outcome: TypedToolResult<Output>): Output {
  expect(outcome.isError, outcome.text).toBe(false);
  return outcome.structured!;
}

async function list<T extends Listing>(tool: T, args: InferToolInput<T>): Promise<InferToolOutput<T>> {
  return resultOf(await callTool(fs.client, tool, args));
}

/** Every name of a listing, page by page; fails on a page that repeats a name. */
async function allPages<T extends Listing>(
  tool: T,
  args: InferToolInput<T>
): Promise<{ names: string[]; pages: InferToolOutput<T>[] }> {
  const names: string[] = [];
  const pages: InferToolOutput<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(tool, { ...args, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    names.push(...page.entries.map(entry => entry.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 1000);
  return { names, pages };
}

describe('listing a directory too large to hold', () => {
  it('answers 16 parallel calls of each listing tool on a 200,000-entry directory, each within the budget', async () => {
    const path = fs.dir.resolve('huge');
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        index % 2 === 0
          ? callTool(fs.client, listDirectoryWithSizesTool, { path, limit: 10_000 })
          : callTool(fs.client, listDirectoryTool, { path, limit: 10_000 })
      )
    );
    for (const outcome of outcomes) {
      expect(outcome.isError, outcome.text).toBe(false);
      // Either tool's result: what both have in common is checked.
      const result = outcome.structured!;
      expect(Buffer.byteLength(JSON.stringify(outcome.structured))).toBeLessThanOrEqual(BUDGET);
      expect(Buffer.byteLength(JSON.stringify([{ type: 'text', text: outcome.text }]))).toBeLessThanOrEqual(
        BUDGET
      );
      // The page is cut by the budget, in directory order, and says why there are no totals.
      expect(result.entries.length).toBeGreaterThan(200);
      expect(result.entries.length).toBeLessThan(HUGE);
      expect(result.order).toBe('directory');
      expect(result.total).toBeUndefined();
      expect(result).not.toHaveProperty('totalBytes');
      expect(result.nextCursor).toBeDefined();
      expect(result.warnings).toEqual([expect.objectContaining({ kind: 'unsorted_directory', path })]);
      expect(outcome.text).toContain(`[warning] ${path} is listed in directory order, not sorted`);
      expect(outcome.text).not.toContain('Total:');
    }
  }, 60_000);

  it('reads and completes resources of a 200,000-entry directory holding only what it returns', async () => {
    const uri = pathToFileURL(fs.dir.resolve('huge')).href;
    const reads = await Promise.all(Array.from({ length: 16 }, () => fs.client.readResource({ uri })));
    for (const read of reads) {
      const text = (read.contents[0] as { text: string }).text;
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BUDGET);
      expect(text.split('\n').length).toBeGreaterThan(100);
      expect(text).toMatch(/^file-\d{6}$/m);
    }
    const completion = await fs.client.complete({
      ref: { type: 'ref/resource', uri: 'file://{+path}' },
      argument: { name: 'path', value: `${fs.dir.resolve('huge')}/file-19999` }
    });
    expect(completion.completion.values).toEqual(
      Array.from({ length: 10 }, (_, index) => `${fs.dir.resolve('huge')}/file-19999${index}`)
    );
  }, 60_000);

  it('pages a 12,000-entry directory in directory order, each entry exactly once', async () => {
    const path = fs.dir.resolve('large');
    const created = emptyFiles(path, LARGE);
    const { names, pages } = await allPages(listDirectoryTool, { path, limit: 10_000 });
    expect(pages.length).toBeGreaterThan(1);
    expect(names).toHaveLength(LARGE);
    expect(new Set(names).size).toBe(LARGE);
    expect([...names].sort()).toEqual(created);
    for (const page of pages) {
      expect(page.order).toBe('directory');
      expect(page.warnings?.[0]?.kind).toBe('unsorted_directory');
    }
    const sized = await allPages(listDirectoryWithSizesTool, { path, limit: 5000, sortBy: 'size' });
    expect([...sized.names].sort()).toEqual(created);
    expect(sized.pages.every(page => page.order === 'directory' && page.totalFiles === undefined)).toBe(true);
  }, 60_000);

  it('gives the sizes of a streamed page', async () => {
    const path = fs.dir.resolve('sized');
    emptyFiles(path, SORTED_LISTING_LIMIT);
    for (let index = 0; index < 20; index++)
      writeFileSync(join(path, `data-${index}`), 'x'.repeat(index + 1));
    const { pages } = await allPages(listDirectoryWithSizesTool, { path, limit: 10_000 });
    const data = pages.flatMap(page => page.entries).filter(entry => entry.name.startsWith('data-'));
    expect(data).toHaveLength(20);
    for (const entry of data) expect(entry.size).toBe(Number(entry.name.slice('data-'.length)) + 1);
  }, 30_000);

  it('sorts a directory of exactly 10,000 entries by name, and streams one of 10,001', async () => {
    const path = fs.dir.resolve('bound');
    const created = emptyFiles(path, SORTED_LISTING_LIMIT);
    const sorted = await list(listDirectoryTool, { path, limit: 10_000 });
    expect(sorted.order).toBe('name');
    expect(sorted.total).toBe(SORTED_LISTING_LIMIT);
    expect(sorted.warnings).toBeUndefined();
    expect(sorted.entries.map(entry => entry.name)).toEqual(created.slice(0, sorted.entries.length));
    closeSync(openSync(join(path, 'one-more'), 'w'));
    const streamed = await list(listDirectoryTool, { path, limit: 10_000 });
    expect(streamed.order).toBe('directory');
    expect(streamed.total).toBeUndefined();
  }, 30_000);

  it('refuses to go on by name once the directory grew past 10,000 entries', async () => {
    const path = fs.dir.resolve('growing');
    emptyFiles(path, SORTED_LISTING_LIMIT - 5);
    const first = await list(listDirectoryTool, { path, limit: 100 });
    expect(first.order).toBe('name');
    emptyFiles(path, 10, 'new-');
    const outcome = await callTool(fs.client, listDirectoryTool, {
      path,
      limit: 100,
      cursor: first.nextCursor
    });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toMatch(/grew past 10000 entries since the previous page/);
    expect(outcome.text).toMatch(/List it again without a cursor/);
  }, 30_000);
});

describe('listing cursors', () => {
  it('go on after their last entry when entries before it were removed, in directory order', async () => {
    const path = fs.dir.resolve('shrinking');
    emptyFiles(path, LARGE);
    const first = await list(listDirectoryTool, { path, limit: 100 });
    const second = await list(listDirectoryTool, { path, limit: 100, cursor: first.nextCursor });
    expect(first.order).toBe('directory');
    for (const entry of first.entries.slice(0, 10)) unlinkSync(join(path, entry.name));
    const again = await list(listDirectoryTool, { path, limit: 100, cursor: first.nextCursor });
    expect(again.entries).toEqual(second.entries);
    const third = await list(listDirectoryTool, { path, limit: 100, cursor: again.nextCursor });
    expect(third.entries[0]?.name).not.toBe(again.entries.at(-1)?.name);
    expect(third.entries.some(entry => second.entries.some(seen => seen.name === entry.name))).toBe(false);
  }, 30_000);

  it('go on after their last entry when entries before it were added or removed, by name', async () => {
    const path = fs.dir.resolve('small');
    const created = emptyFiles(path, 50);
    for (const tool of [listDirectoryTool, listDirectoryWithSizesTool] as const) {
      const first = await list(tool, { path, limit: 10 });
      const second = await list(tool, { path, limit: 10, cursor: first.nextCursor });
      expect(second.entries.map(entry => entry.name)).toEqual(created.slice(10, 20));
      unlinkSync(join(path, created[3]!));
      closeSync(openSync(join(path, 'a-new'), 'w'));
      closeSync(openSync(join(path, 'b-new'), 'w'));
      const again = await list(tool, { path, limit: 10, cursor: first.nextCursor });
      expect(again.entries.map(entry => entry.name)).toEqual(created.slice(10, 20));
      writeFileSync(join(path, created[3]!), '');
      unlinkSync(join(path, 'a-new'));
      unlinkSync(join(path, 'b-new'));
    }
  });
});
