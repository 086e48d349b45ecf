import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { cannedClient } from '@mcpkit/testing';
import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { listAllowedDirectoriesTool } from '../src/tools/list-allowed-directories.js';
import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

const uriOf = (path: string) => pathToFileURL(path).href;

/**
 * A client offering roots: the list is read on every roots/list, so a test can fill it once the
 * harness has made its temp directory (and change it later).
 */
function clientWithRoots() {
  const roots: { uri: string; name?: string }[] = [];
  return { roots, client: cannedClient({ roots }) };
}

const tree: TreeSpec = {
  'outside.txt': 'outside the client root\n',
  workspace: { 'inside.txt': 'inside the client root\n', src: { 'main.ts': 'needle\n' } },
  other: { 'other.txt': 'another root\n' }
};

async function allowedDirectories(fs: FsHarness): Promise<string[]> {
  const result = await fs.call('list_allowed_directories', {});
  expect(result.isError, result.text).toBe(false);
  return listAllowedDirectoriesTool.output.parse(result.structured).directories;
}

describe.each(['stdio', 'http'] as const)('2025-era client roots (%s)', entry => {
  it('narrow the operator directories to the client roots inside them', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'legacy', entry, client });
    roots.push({ uri: uriOf(fs.dir.resolve('workspace')), name: 'workspace' });

    expect(await allowedDirectories(fs)).toEqual([fs.dir.resolve('workspace')]);
    const inside = await fs.call('read_text_file', { path: fs.dir.resolve('workspace/inside.txt') });
    expect(inside.isError, inside.text).toBe(false);
    expect(inside.text).toContain('inside the client root');
    const relative = await fs.call('read_text_file', { path: 'inside.txt' });
    expect(relative.text).toContain('inside the client root');

    const outside = await fs.call('read_text_file', { path: fs.dir.resolve('outside.txt') });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/outside the allowed directories/);
    const listing = await fs.call('list_directory', { path: fs.dir.path });
    expect(listing.isError).toBe(true);
    const write = await fs.call('write_file', { path: fs.dir.resolve('new.txt'), content: 'x' });
    expect(write.isError).toBe(true);
    expect(existsSync(fs.dir.resolve('new.txt'))).toBe(false);

    const found = await fs.call('grep', { pattern: 'root' });
    expect(found.text).toContain('inside.txt');
    expect(found.text).not.toContain('outside.txt');
    const { resources } = await fs.client.listResources();
    expect(resources.map(resource => resource.uri)).toEqual([uriOf(fs.dir.resolve('workspace'))]);
    await expect(fs.client.readResource({ uri: uriOf(fs.dir.resolve('outside.txt')) })).rejects.toThrow(
      /outside/
    );
  });

  it('refuse every path tool, naming both sides, when the client roots do not overlap the operator directories', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'legacy', entry, client, allow: ['workspace'] });
    roots.push({ uri: uriOf(fs.dir.resolve('other')) });
    const file = fs.dir.resolve('workspace/inside.txt');
    const directory = fs.dir.resolve('workspace');
    const calls: [string, Record<string, unknown>][] = [
      ['list_allowed_directories', {}],
      ['read_text_file', { path: file }],
      ['read_file', { path: file }],
      ['read_media_file', { path: file }],
      ['read_multiple_files', { paths: [file] }],
      ['write_file', { path: file, content: 'x' }],
      ['edit_file', { path: file, edits: [{ oldText: 'inside', newText: 'x' }] }],
      ['create_directory', { path: fs.dir.resolve('workspace/new') }],
      ['list_directory', { path: directory }],
      ['list_directory_with_sizes', { path: directory }],
      ['directory_tree', { path: directory }],
      ['move_file', { source: file, destination: fs.dir.resolve('workspace/moved.txt') }],
      ['copy_path', { source: file, destination: fs.dir.resolve('workspace/copy.txt') }],
      ['delete_path', { path: file }],
      ['search_files', { path: directory, pattern: 'inside' }],
      ['get_file_info', { path: file }],
      ['grep', { pattern: 'inside' }]
    ];
    const { tools } = await fs.client.listTools();
    expect(calls.map(([name]) => name).sort()).toEqual(tools.map(tool => tool.name).sort());
    for (const [name, args] of calls) {
      const result = await fs.call(name, args);
      expect(result.isError, `${name}: ${result.text}`).toBe(true);
      expect(result.text, name).toMatch(/do not overlap/);
      expect(result.text, name).toContain(fs.dir.resolve('other'));
      expect(result.text, name).toContain(fs.dir.resolve('workspace'));
    }
    expect(existsSync(file)).toBe(true);
    await expect(fs.client.listResources()).rejects.toThrow(/do not overlap/);
  });

  it('keep an operator directory that lies inside a wider client root', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'legacy', entry, client, allow: ['workspace'] });
    roots.push({ uri: uriOf(fs.dir.path) });
    expect(await allowedDirectories(fs)).toEqual([fs.dir.resolve('workspace')]);
    const outside = await fs.call('read_text_file', { path: fs.dir.resolve('outside.txt') });
    expect(outside.isError).toBe(true);
  });

  it('are used as they are when the server has no directories of its own', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'legacy', entry, client, allow: [] });
    roots.push({ uri: uriOf(fs.dir.resolve('workspace')) }, { uri: uriOf(fs.dir.resolve('other')) });
    expect(await allowedDirectories(fs)).toEqual([fs.dir.resolve('workspace'), fs.dir.resolve('other')]);
    const read = await fs.call('read_text_file', { path: fs.dir.resolve('other/other.txt') });
    expect(read.text).toContain('another root');
    const outside = await fs.call('read_text_file', { path: fs.dir.resolve('outside.txt') });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/outside the allowed directories/);
  });

  it('follow roots/list_changed', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'legacy', entry, client });
    roots.push({ uri: uriOf(fs.dir.resolve('workspace')) });
    expect(await allowedDirectories(fs)).toEqual([fs.dir.resolve('workspace')]);
    roots.splice(0, roots.length, { uri: uriOf(fs.dir.resolve('other')) });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the 2025-era client under test
    await fs.client.sendRootsListChanged();
    const deadline = Date.now() + 5000;
    let directories = await allowedDirectories(fs);
    while (directories[0] !== fs.dir.resolve('other') && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 20));
      directories = await allowedDirectories(fs);
    }
    expect(directories).toEqual([fs.dir.resolve('other')]);
    const old = await fs.call('read_text_file', { path: fs.dir.resolve('workspace/inside.txt') });
    expect(old.isError).toBe(true);
  });
});

describe('no operator directories', () => {
  it('errors with "no directory is allowed" when the client offers no roots', async () => {
    const fs = await harness(tree, { era: 'legacy', client: cannedClient({ roots: [] }), allow: [] });
    for (const [name, args] of [
      ['list_allowed_directories', {}],
      ['read_text_file', { path: fs.dir.resolve('outside.txt') }],
      ['grep', { pattern: 'x' }]
    ] as const) {
      const result = await fs.call(name, args);
      expect(result.isError, name).toBe(true);
      expect(result.text, name).toMatch(/No directory is allowed/);
      expect(result.text, name).toMatch(/directory argument|offer roots/);
    }
  });

  it('errors the same way for a client without the roots capability, and for a 2026 client', async () => {
    for (const era of ['legacy', 'modern'] as const) {
      const fs = await harness(tree, { era, allow: [] });
      const result = await fs.call('list_directory', { path: fs.dir.path });
      expect(result.isError, era).toBe(true);
      expect(result.text, era).toMatch(/No directory is allowed/);
    }
  });

  it('ignores client roots that are not file:// URIs', async () => {
    const fs = await harness(tree, {
      era: 'legacy',
      client: cannedClient({ roots: [{ uri: 'https://example.com/repo' }] }),
      allow: []
    });
    const result = await fs.call('list_allowed_directories', {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/No directory is allowed/);
  });
});

describe('2026-era clients', () => {
  it('ignore client roots: the operator directories apply', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'modern', client });
    roots.push({ uri: uriOf(fs.dir.resolve('workspace')) });
    expect(await allowedDirectories(fs)).toEqual([fs.dir.path]);
    const outside = await fs.call('read_text_file', { path: fs.dir.resolve('outside.txt') });
    expect(outside.isError, outside.text).toBe(false);
    expect(outside.text).toContain('outside the client root');
  });

  it('ignore client roots that do not overlap too', async () => {
    const { roots, client } = clientWithRoots();
    const fs = await harness(tree, { era: 'modern', entry: 'http', client, allow: ['workspace'] });
    roots.push({ uri: uriOf(fs.dir.resolve('other')) });
    expect(await allowedDirectories(fs)).toEqual([fs.dir.resolve('workspace')]);
    const other = await fs.call('read_text_file', { path: fs.dir.resolve('other/other.txt') });
    expect(other.isError).toBe(true);
  });
});
