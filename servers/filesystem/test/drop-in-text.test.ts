import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { Tool } from '@mcpkit/core';
import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { directoryTreeTool } from '../src/tools/directory-tree.js';
import { getFileInfoTool } from '../src/tools/get-file-info.js';
import { readTextFileTool } from '../src/tools/read-text-file.js';
import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

interface OfficialNode {
  name: string;
  type: 'file' | 'directory';
  children?: OfficialNode[];
}

/**
 * The tree the official server builds (`name`, `type` from the directory entry, `children` for
 * directories only), read here straight from the disk in name order, the order ours lists in.
 */
async function officialTreeOf(directory: string): Promise<OfficialNode[]> {
  const entries: Dirent[] = await readdir(directory, { withFileTypes: true });
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  const nodes: OfficialNode[] = [];
  for (const entry of entries) {
    nodes.push(
      entry.isDirectory()
        ? {
            name: entry.name,
            type: 'directory',
            children: await officialTreeOf(join(directory, entry.name))
          }
        : { name: entry.name, type: 'file' }
    );
  }
  return nodes;
}

/** The text blocks of a call, as a client that reads `content` sees them. */
async function textBlocks(h: FsHarness, name: string, args: Record<string, unknown>): Promise<string[]> {
  const result = await h.client.callTool({ name, arguments: args });
  expect(result.isError, JSON.stringify(result.content)).not.toBe(true);
  return (result.content as { type: string; text?: string }[]).map(block => {
    expect(block.type).toBe('text');
    return block.text ?? '';
  });
}

/** The structured result holds only what the tool's advertised outputSchema declares, as it declares it. */
function expectDeclared(tool: Tool<unknown>, structured: unknown): void {
  const parsed = tool.output.strict().safeParse(structured);
  expect(parsed.success, `${tool.name}: ${parsed.error?.message ?? ''}`).toBe(true);
}

function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

const project: TreeSpec = {
  'README.md': '# readme\n',
  '.env': 'A=1\n',
  empty: {},
  src: { 'index.ts': 'export {};\n', lib: { 'util.ts': '', deep: { 'leaf.ts': '' } } },
  'link-to-src': { symlink: 'src' },
  'link-to-readme': { symlink: 'README.md' }
};

describe('directory_tree text, as the official server writes it', () => {
  it('is the official JSON tree, 2-space indented: links are files, only directories have children', async () => {
    const h = await harness(project);
    const blocks = await textBlocks(h, 'directory_tree', { path: h.dir.path });
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toBe(JSON.stringify(await officialTreeOf(h.dir.path), null, 2));
    const tree = JSON.parse(blocks[0]!) as OfficialNode[];
    expect(tree.find(node => node.name === 'link-to-src')).toEqual({ name: 'link-to-src', type: 'file' });
    expect(tree.find(node => node.name === 'empty')).toEqual({
      name: 'empty',
      type: 'directory',
      children: []
    });
  });

  it('is an empty JSON array for an empty directory, and honours excludePatterns', async () => {
    const h = await harness(project);
    expect(await textBlocks(h, 'directory_tree', { path: h.dir.resolve('empty') })).toEqual(['[]']);
    const [text] = await textBlocks(h, 'directory_tree', {
      path: h.dir.resolve('src'),
      excludePatterns: ['deep']
    });
    expect(JSON.parse(text!)).toEqual([
      { name: 'index.ts', type: 'file' },
      { name: 'lib', type: 'directory', children: [{ name: 'util.ts', type: 'file' }] }
    ]);
  });

  it('fits both renderings of a nested tree into the budget together (each takes half)', async () => {
    // Three levels of short names: the indented text costs more per entry than the flat list.
    const files = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`f${index}.txt`, '']));
    const middle = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`s${index}`, { ...files }]));
    const wide: TreeSpec = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [`d${index}`, { ...middle }])
    );
    const h = await harness(wide, { maxOutputBytes: 8192 });
    const result = await h.client.callTool({ name: 'directory_tree', arguments: { path: h.dir.path } });
    expect(result.isError).not.toBe(true);
    expect(directoryTreeTool.output.parse(result.structuredContent).truncated).toBe(true);
    expect(jsonSize(result.content) + jsonSize(result.structuredContent)).toBeLessThanOrEqual(8192);
  });

  it('keeps a cut tree valid JSON within the budget, and says it was cut in a block of its own', async () => {
    // Short names deep down cost the indented text far more than the flat structured list: the text
    // indents each of an entry's lines by 4 spaces a level, the list adds 2 bytes a level to a path.
    const chain: TreeSpec = {};
    let level = chain;
    for (let depth = 1; depth <= 18; depth++) {
      for (let index = 0; index < 6; index++) level[`f${index}`] = '';
      const next: TreeSpec = {};
      level.d = next;
      level = next;
    }
    const h = await harness(chain, { maxOutputBytes: 8192 });
    const result = await h.client.callTool({ name: 'directory_tree', arguments: { path: h.dir.path } });
    expect(result.isError).not.toBe(true);
    // The whole result, both renderings together, fits the budget.
    expect(jsonSize(result.content) + jsonSize(result.structuredContent)).toBeLessThanOrEqual(8192);
    const [tree, note] = result.content as { type: string; text: string }[];
    const parsed = JSON.parse(tree!.text) as OfficialNode[];
    expect(parsed[0]).toMatchObject({ name: 'd', type: 'directory' });
    expect(note?.text).toMatch(/^\[truncated: Stopped at the output budget\./);
    expectDeclared(directoryTreeTool, result.structuredContent);
    const structured = directoryTreeTool.output.parse(result.structuredContent);
    expect(structured.truncated).toBe(true);
    expect(countNodes(parsed)).toBe(structured.entries.length);
  });
});

function countNodes(nodes: readonly OfficialNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children ?? []), 0);
}

describe('read_text_file head text, as the official server writes it', () => {
  it('is just the lines; how to go on, with the bytes shown, is in structuredContent', async () => {
    const text = Array.from({ length: 40 }, (_, index) => `line ${index + 1}\n`).join('');
    const h = await harness({ 'notes.txt': text });
    const path = h.dir.resolve('notes.txt');
    const head = await h.call('read_text_file', { path, head: 3 });
    expect(head.text).toBe('line 1\nline 2\nline 3');
    expectDeclared(readTextFileTool, head.structured);
    const shownBytes = Buffer.byteLength('line 1\nline 2\nline 3');
    expect(head.structured).toMatchObject({
      truncated: true,
      cutBy: 'limit',
      nextOffset: 4,
      size: Buffer.byteLength(text),
      contentBytes: shownBytes
    });
    expect(head.structured?.reason).toBe(
      `Showing lines 1–3 (${shownBytes} bytes of a ${Buffer.byteLength(text)}-byte file). Call again with offset=4 to continue.`
    );
    // The deprecated alias and an offset/limit range read the same way.
    expect((await h.call('read_file', { path, head: 3 })).text).toBe('line 1\nline 2\nline 3');
    expect((await h.call('read_text_file', { path, offset: 39, limit: 1 })).text).toBe('line 39');
  });

  it('says so in the text when the output budget, not head, cut the lines short', async () => {
    const text = Array.from({ length: 2000 }, (_, index) => `row number ${index + 1}\n`).join('');
    const h = await harness({ 'big.txt': text }, { maxOutputBytes: 4096 });
    const head = await h.call('read_text_file', { path: h.dir.resolve('big.txt'), head: 1000 });
    expect(head.structured).toMatchObject({ truncated: true, cutBy: 'budget' });
    expectDeclared(readTextFileTool, head.structured);
    const content = String(head.structured?.content);
    expect(head.structured?.contentBytes).toBe(Buffer.byteLength(content));
    expect(head.text).toBe(`${content}\n\n[Truncated: ${String(head.structured?.reason)}]`);
    expect(head.text).toContain(`offset=${String(head.structured?.nextOffset)}`);
    expect(head.text).toContain(
      `(${Buffer.byteLength(content)} bytes of a ${Buffer.byteLength(text)}-byte file)`
    );
  });
});

describe('get_file_info text, as the official server writes it', () => {
  it('has the official fields in the official order with Date#toString times, extras only structured', async () => {
    const h = await harness({ 'a.txt': 'hello', 'link.txt': { symlink: 'a.txt' } });
    for (const name of ['a.txt', 'link.txt', '.']) {
      const path = h.dir.resolve(name);
      const info = await h.call('get_file_info', { path });
      expect(info.isError, info.text).toBe(false);
      expectDeclared(getFileInfoTool, info.structured);
      // The official server describes what the path resolves to.
      const stats = await stat(path);
      expect(info.text).toBe(
        [
          `size: ${stats.size}`,
          `created: ${String(stats.birthtime)}`,
          `modified: ${String(stats.mtime)}`,
          `accessed: ${String(stats.atime)}`,
          `isDirectory: ${stats.isDirectory()}`,
          `isFile: ${stats.isFile()}`,
          `permissions: ${stats.mode.toString(8).slice(-3)}`
        ].join('\n')
      );
    }
    const link = await h.call('get_file_info', { path: 'link.txt' });
    expect(link.structured).toMatchObject({
      type: 'symlink',
      symlinkTarget: 'a.txt',
      mimeType: 'text/plain'
    });
    expect(link.text).not.toContain('symlinkTarget');
  });
});
