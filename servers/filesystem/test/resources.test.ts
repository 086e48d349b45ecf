import { rename, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';
import type { HarnessOptions } from './harness.js';

const harness = harnessPerTest();

const uriOf = (path: string) => pathToFileURL(path).href;
const TEMPLATE = { type: 'ref/resource' as const, uri: 'file://{+path}' };

const tree: TreeSpec = {
  'hello.txt': 'Hello, world!\n',
  'data.json': '{"a":1}\n',
  'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  '.env': 'SECRET=1\n',
  src: { 'main.ts': '', 'model.ts': '', lib: {} },
  'space name.txt': 'spaced\n'
};

/** Waits until `condition` holds, polling; fails after `timeoutMs`. */
async function eventually(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe.each([
  { era: 'modern', entry: 'stdio' },
  { era: 'legacy', entry: 'stdio' },
  { era: 'modern', entry: 'http' },
  { era: 'legacy', entry: 'http' }
] as const)('file resources ($era, $entry)', ({ era, entry }) => {
  it('lists the allowed directories as file:// resources', async () => {
    const fs = await harness({ one: {}, two: {}, three: {} }, { era, entry, allow: ['one', 'two'] });
    const { resources } = await fs.client.listResources();
    expect(resources.map(resource => resource.uri)).toEqual([
      uriOf(fs.dir.resolve('one')),
      uriOf(fs.dir.resolve('two'))
    ]);
    expect(resources[0]).toMatchObject({ name: 'one', mimeType: 'inode/directory' });
    const { resourceTemplates } = await fs.client.listResourceTemplates();
    expect(resourceTemplates.map(template => template.uriTemplate)).toContain('file://{+path}');
  });

  it('reads a text file, a binary file as a blob, and a directory as a listing', async () => {
    const fs = await harness(tree, { era, entry });
    const text = await fs.client.readResource({ uri: uriOf(fs.dir.resolve('hello.txt')) });
    expect(text.contents).toEqual([
      { uri: uriOf(fs.dir.resolve('hello.txt')), mimeType: 'text/plain', text: 'Hello, world!\n' }
    ]);
    const json = await fs.client.readResource({ uri: uriOf(fs.dir.resolve('data.json')) });
    expect(json.contents[0]).toMatchObject({ mimeType: 'application/json', text: '{"a":1}\n' });
    const spaced = await fs.client.readResource({ uri: uriOf(fs.dir.resolve('space name.txt')) });
    expect(spaced.contents[0]).toMatchObject({ text: 'spaced\n' });
    const binary = await fs.client.readResource({ uri: uriOf(fs.dir.resolve('image.png')) });
    const blob = binary.contents[0] as { blob?: string; mimeType?: string };
    expect(blob.mimeType).toBe('image/png');
    expect(Buffer.from(blob.blob ?? '', 'base64')).toEqual(tree['image.png']);
    const listing = await fs.client.readResource({ uri: uriOf(fs.dir.path) });
    expect(listing.contents[0]).toMatchObject({
      uri: uriOf(fs.dir.path),
      text: ['.env', 'data.json', 'hello.txt', 'image.png', 'space name.txt', 'src/'].join('\n')
    });
  });

  it('refuses to read outside the allowed directories, or what the deny list covers', async () => {
    const fs = await harness(
      {
        inside: { 'a.txt': 'a', '.env': 'secret' },
        outside: { 'b.txt': 'b' },
        'link.txt': { symlink: 'outside/b.txt' }
      },
      {
        era,
        entry,
        allow: ['inside'],
        deny: ['**/.env']
      }
    );
    await expect(fs.client.readResource({ uri: uriOf(fs.dir.resolve('outside/b.txt')) })).rejects.toThrow(
      /outside the allowed directories/
    );
    await expect(
      fs.client.readResource({ uri: uriOf(fs.dir.resolve('inside/../outside/b.txt')) })
    ).rejects.toThrow(/outside the allowed directories/);
    await expect(fs.client.readResource({ uri: uriOf(fs.dir.resolve('inside/.env')) })).rejects.toThrow(
      /deny list/
    );
    await expect(
      fs.client.readResource({ uri: uriOf(fs.dir.resolve('inside/missing.txt')) })
    ).rejects.toThrow(/does not exist/);
    const listing = await fs.client.readResource({ uri: uriOf(fs.dir.resolve('inside')) });
    expect(listing.contents[0]).toMatchObject({ text: 'a.txt' });
  });

  it('completes paths under a directory prefix', async () => {
    const fs = await harness(tree, { era, entry });
    const complete = async (value: string) =>
      (await fs.client.complete({ ref: TEMPLATE, argument: { name: 'path', value } })).completion.values;
    expect(await complete(`${fs.dir.path}/src/`)).toEqual([
      `${fs.dir.path}/src/lib/`,
      `${fs.dir.path}/src/main.ts`,
      `${fs.dir.path}/src/model.ts`
    ]);
    expect(await complete(`${fs.dir.path}/src/m`)).toEqual([
      `${fs.dir.path}/src/main.ts`,
      `${fs.dir.path}/src/model.ts`
    ]);
    expect(await complete(`${fs.dir.path}/h`)).toEqual([`${fs.dir.path}/hello.txt`]);
    expect(await complete('')).toContain(`${fs.dir.path}/src/`);
    expect(await complete(`${fs.dir.path}/nothing-here/`)).toEqual([]);
    expect(await complete('/etc/')).toEqual([]);
  });

  it('leaves denied entries out of completions', async () => {
    const fs = await harness(tree, { era, entry, deny: ['**/.env', 'src/model.ts'] });
    const complete = async (value: string) =>
      (await fs.client.complete({ ref: TEMPLATE, argument: { name: 'path', value } })).completion.values;
    expect(await complete(`${fs.dir.path}/.`)).toEqual([]);
    expect(await complete(`${fs.dir.path}/src/m`)).toEqual([`${fs.dir.path}/src/main.ts`]);
  });
});

describe('resource subscriptions (2025 era)', () => {
  async function subscribed(file: string, setup: { tree?: TreeSpec; options?: HarnessOptions } = {}) {
    const fs = await harness(setup.tree ?? tree, { era: 'legacy', entry: 'stdio', ...setup.options });
    const updates: string[] = [];
    fs.client.setNotificationHandler('notifications/resources/updated', notification => {
      updates.push(notification.params.uri);
    });
    const uri = uriOf(fs.dir.resolve(file));
    await fs.client.subscribeResource({ uri });
    return { fs, updates, uri };
  }

  it('announces a change made through write_file, then one made directly on disk', async () => {
    const { fs, updates, uri } = await subscribed('hello.txt');
    const written = await fs.call('write_file', { path: fs.dir.resolve('hello.txt'), content: 'changed\n' });
    expect(written.isError, written.text).toBe(false);
    await eventually(() => updates.includes(uri), 'the update after write_file');
    // write_file replaced the file (temp file + rename): the watch must follow the new file.
    await new Promise(resolve => setTimeout(resolve, 200));
    updates.length = 0;
    await writeFile(fs.dir.resolve('hello.txt'), 'changed on disk\n');
    await eventually(() => updates.includes(uri), 'the update after a direct write');
    const read = await fs.client.readResource({ uri });
    expect(read.contents[0]).toMatchObject({ text: 'changed on disk\n' });
  });

  it('announces a direct change, and one made by replacing the file', async () => {
    const { fs, updates, uri } = await subscribed('data.json');
    await writeFile(fs.dir.resolve('data.json'), '{"a":2}\n');
    await eventually(() => updates.includes(uri), 'the update after a direct write');
    await new Promise(resolve => setTimeout(resolve, 200));
    updates.length = 0;
    // How editors save: write a temp file, rename it over the original.
    await writeFile(fs.dir.resolve('data.json.tmp'), '{"a":3}\n');
    await rename(fs.dir.resolve('data.json.tmp'), fs.dir.resolve('data.json'));
    await eventually(() => updates.includes(uri), 'the update after an atomic replace');
    await new Promise(resolve => setTimeout(resolve, 200));
    updates.length = 0;
    await writeFile(fs.dir.resolve('data.json'), '{"a":4}\n');
    await eventually(() => updates.includes(uri), 'the update after a write to the replacement');
  });

  it('announces a file that is deleted and created again', async () => {
    const { fs, updates, uri } = await subscribed('hello.txt');
    await rm(fs.dir.resolve('hello.txt'));
    await eventually(() => updates.includes(uri), 'the update after deletion');
    await new Promise(resolve => setTimeout(resolve, 200));
    updates.length = 0;
    await writeFile(fs.dir.resolve('hello.txt'), 'back\n');
    await eventually(() => updates.includes(uri), 'the update after re-creation');
  });

  it('does not announce changes to other files, nor after unsubscribing', async () => {
    const { fs, updates, uri } = await subscribed('hello.txt');
    await writeFile(fs.dir.resolve('data.json'), 'other\n');
    const other = await fs.call('write_file', { path: fs.dir.resolve('src/main.ts'), content: 'x' });
    expect(other.isError).toBe(false);
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(updates).toEqual([]);
    await fs.client.unsubscribeResource({ uri });
    await writeFile(fs.dir.resolve('hello.txt'), 'quiet\n');
    const tool = await fs.call('write_file', { path: fs.dir.resolve('hello.txt'), content: 'quiet too' });
    expect(tool.isError).toBe(false);
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(updates).toEqual([]);
  });

  it('does not watch what the deny list covers, nor a symlink to a file outside', async () => {
    const { fs, updates } = await subscribed('inside/.env', {
      tree: {
        inside: { '.env': 'a', 'link.txt': { symlink: '../outside/target.txt' } },
        outside: { 'target.txt': 'b' }
      },
      options: { allow: ['inside'], deny: ['**/.env'] }
    });
    const link = uriOf(fs.dir.resolve('inside/link.txt'));
    await fs.client.subscribeResource({ uri: link });
    await writeFile(fs.dir.resolve('inside/.env'), 'changed');
    await writeFile(fs.dir.resolve('outside/target.txt'), 'changed');
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(updates).toEqual([]);
  });

  it('announces changes to a subscribed directory listing', async () => {
    const { fs, updates, uri } = await subscribed('src');
    await writeFile(fs.dir.resolve('src/new.ts'), '');
    await eventually(() => updates.includes(uri), 'the update after a new entry');
  });
});
