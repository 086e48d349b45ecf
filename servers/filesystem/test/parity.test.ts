import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { connectStdioProcess, createTempDir } from '@mcpkit/testing';
import type { TempDir, TestConnection } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callTool } from './harness.js';
import type { CallOutcome } from './harness.js';

const require = createRequire(import.meta.url);
const OFFICIAL_BIN = join(
  dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')),
  'dist/index.js'
);
const OUR_BIN = join(import.meta.dirname, '../dist/bin/cli.js');

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

const lines = Array.from({ length: 40 }, (_, index) => `line ${index + 1}`).join('\n');

/** A valid 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
);

/** The official server's directory_tree node. */
interface TreeNode {
  name: string;
  type: string;
  children?: TreeNode[];
}

/** Both servers' results of one call. */
interface Both {
  theirs: CallOutcome;
  mine: CallOutcome;
}

/** Drop-in parity with the official server, installed from npm, started as a real process. */
describe('parity with @modelcontextprotocol/server-filesystem', () => {
  let dir: TempDir;
  let official: TestConnection;
  let ours: TestConnection;
  let officialTools: Awaited<ReturnType<Client['listTools']>>['tools'];
  let ourTools: typeof officialTools;

  /** The same call to both servers, at once. */
  const both = async (name: string, args: Record<string, unknown>): Promise<Both> => {
    const [theirs, mine] = await Promise.all([
      callTool(official.client, name, args),
      callTool(ours.client, name, args)
    ]);
    return { theirs, mine };
  };

  /**
   * A call that changes files, made by each server in a workspace of its own (`theirs`, `mine`, with
   * the same contents), its texts returned with the workspace path as `<workspace>` so they compare.
   */
  const bothIn = async (
    name: string,
    args: (workspace: string) => Record<string, unknown>
  ): Promise<Both> => {
    const [theirs, mine] = await Promise.all(
      [
        { client: official.client, workspace: dir.resolve('theirs') },
        { client: ours.client, workspace: dir.resolve('mine') }
      ].map(async ({ client, workspace }) => {
        const outcome = await callTool(client, name, args(workspace));
        return { ...outcome, text: outcome.text.replaceAll(workspace, '<workspace>') };
      })
    );
    return { theirs: theirs!, mine: mine! };
  };

  beforeAll(async () => {
    const workspace = { 'edit.txt': 'alpha\nbeta\n', 'move-me.txt': 'moving\n', existing: {} };
    dir = await createTempDir({
      'notes.txt': `${lines}\n`,
      src: { 'a.ts': 'export const a = 1;\n', 'b.js': 'b\n', deep: { 'c.ts': 'c\n' } },
      'README.md': '# readme\n',
      'pixel.png': PNG,
      'blob.bin': Buffer.from([0, 1, 2, 3, 254, 255]),
      empty: {},
      links: { 'to-readme': { symlink: '../README.md' }, 'to-src': { symlink: '../src' } },
      theirs: workspace,
      mine: workspace
    });
    // The official server speaks the 2025 revisions; a host configured for it talks to us the same way.
    official = await connectStdioProcess({
      command: process.execPath,
      args: [OFFICIAL_BIN, dir.path],
      era: 'legacy'
    });
    ours = await connectStdioProcess({ command: process.execPath, args: [OUR_BIN, dir.path], era: 'legacy' });
    officialTools = (await official.client.listTools()).tools;
    ourTools = (await ours.client.listTools()).tools;
  });
  afterAll(async () => {
    await official?.close();
    await ours?.close();
    await dir?.cleanup();
  });

  it('offers every official tool under the same name', () => {
    expect(officialTools.length).toBeGreaterThanOrEqual(14);
    const ourNames = new Set(ourTools.map(tool => tool.name));
    expect(officialTools.map(tool => tool.name).filter(name => !ourNames.has(name))).toEqual([]);
  });

  it('accepts every official parameter with a compatible type, and requires nothing more', () => {
    const problems: string[] = [];
    for (const theirs of officialTools) {
      const mine = ourTools.find(tool => tool.name === theirs.name);
      const theirSchema = theirs.inputSchema as JsonSchema;
      const mySchema = mine?.inputSchema as JsonSchema | undefined;
      for (const [name, property] of Object.entries(theirSchema.properties ?? {})) {
        const ownProperty = mySchema?.properties?.[name];
        if (!ownProperty) problems.push(`${theirs.name}.${name} is missing`);
        else if (!compatible(typeOf(ownProperty), typeOf(property))) {
          problems.push(`${theirs.name}.${name} is ${typeOf(ownProperty)}, official ${typeOf(property)}`);
        }
      }
      const extraRequired = (mySchema?.required ?? []).filter(
        name => !(theirSchema.required ?? []).includes(name)
      );
      if (extraRequired.length > 0) problems.push(`${theirs.name} also requires ${extraRequired.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  // Each official tool's text is compared below; this list keeps a new official tool from going unchecked.
  const COMPARED = [
    'read_text_file',
    'read_file',
    'read_media_file',
    'read_multiple_files',
    'list_directory',
    'list_directory_with_sizes',
    'directory_tree',
    'search_files',
    'get_file_info',
    'list_allowed_directories',
    'write_file',
    'edit_file',
    'create_directory',
    'move_file'
  ];

  it('compares the text of every official tool', () => {
    expect(officialTools.map(tool => tool.name).sort()).toEqual([...COMPARED].sort());
  });

  it('returns the official text from the reading tools', async () => {
    const whole = await both('read_text_file', { path: join(dir.path, 'notes.txt') });
    expect(whole.mine.text).toBe(whole.theirs.text);
    for (const name of ['read_text_file', 'read_file']) {
      const head = await both(name, { path: join(dir.path, 'notes.txt'), head: 3 });
      expect(head.theirs.text).toBe('line 1\nline 2\nline 3');
      expect(head.mine.text).toBe(head.theirs.text);
    }
    const tail = await both('read_text_file', { path: join(dir.path, 'notes.txt'), tail: 2 });
    // The official tail counts the final line break as a line and returns one line here; ours returns two.
    expect(tail.theirs.text.trimEnd().endsWith('line 40')).toBe(true);
    expect(tail.mine.text).toBe('line 39\nline 40');

    const multiple = await both('read_multiple_files', {
      paths: [join(dir.path, 'README.md'), join(dir.path, 'src/a.ts')]
    });
    expect(multiple.mine.text).toBe(multiple.theirs.text);
    // Per-file errors are worded differently (ours says what to do); a client finds each file's
    // section by its `path:` header and an error by `path: Error - `.
    const missing = join(dir.path, 'missing.txt');
    const withError = await both('read_multiple_files', { paths: [join(dir.path, 'README.md'), missing] });
    for (const outcome of [withError.theirs, withError.mine]) {
      const [found, failed] = outcome.text.split('\n---\n');
      expect(found).toBe(`${join(dir.path, 'README.md')}:\n# readme\n\n`);
      expect(failed?.startsWith(`${missing}: Error - `)).toBe(true);
    }

    for (const name of ['pixel.png', 'blob.bin']) {
      const [theirs, mine] = await Promise.all(
        [official, ours].map(server =>
          server.client.callTool({ name: 'read_media_file', arguments: { path: join(dir.path, name) } })
        )
      );
      expect(mine?.content).toEqual(theirs?.content);
    }
  });

  it('returns the official text from the listing tools', async () => {
    // The official server lists in the order the system returns entries, which is no set order;
    // ours lists in name order. A client reads the entries, so they are compared in one order.
    for (const path of [dir.path, join(dir.path, 'src')]) {
      const listing = await both('list_directory', { path });
      expect(listing.mine.text.split('\n').sort()).toEqual(listing.theirs.text.split('\n').sort());
      for (const sortBy of ['name', 'size']) {
        const sized = await both('list_directory_with_sizes', { path, sortBy });
        // Entries, then a blank line and the totals. The entries are compared as a set: sorting by
        // name, the official server uses localeCompare and we code-unit order; by size, it ranks a
        // directory by its own inode size, which it does not show.
        const [theirEntries, theirTotals] = sized.theirs.text.split('\n\n');
        const [myEntries, myTotals] = sized.mine.text.split('\n\n');
        expect(myEntries?.split('\n').sort()).toEqual(theirEntries?.split('\n').sort());
        expect(myTotals).toBe(theirTotals);
      }
    }

    for (const args of [
      { path: dir.path },
      { path: join(dir.path, 'src') },
      { path: join(dir.path, 'empty') },
      { path: dir.path, excludePatterns: ['deep', '*.png'] }
    ]) {
      const tree = await both('directory_tree', args);
      const theirs = JSON.parse(tree.theirs.text) as TreeNode[];
      // Parsing and writing the official text again gives it back byte for byte, so comparing ours
      // with the official tree written in name order checks every byte but the order of entries.
      expect(JSON.stringify(theirs, null, 2)).toBe(tree.theirs.text);
      expect(tree.mine.text).toBe(JSON.stringify(inNameOrder(theirs), null, 2));
    }

    for (const pattern of ['**/*.ts', '*.md', '**/nothing-matches']) {
      const search = await both('search_files', { path: dir.path, pattern });
      expect(search.mine.text.split('\n').sort()).toEqual(search.theirs.text.split('\n').sort());
    }

    const allowed = await both('list_allowed_directories', {});
    expect(allowed.mine.text).toBe(allowed.theirs.text);
  });

  it('returns the official text from get_file_info', async () => {
    for (const name of ['notes.txt', 'src', 'links/to-readme', 'links/to-src']) {
      const info = await both('get_file_info', { path: join(dir.path, name) });
      expect(info.theirs.isError, info.theirs.text).toBe(false);
      expect(info.mine.text).toBe(info.theirs.text);
    }
  });

  it('returns the official text from the writing tools', async () => {
    const created = await bothIn('create_directory', workspace => ({ path: join(workspace, 'made/nested') }));
    expect(created.mine.text).toBe(created.theirs.text);
    const moved = await bothIn('move_file', workspace => ({
      source: join(workspace, 'move-me.txt'),
      destination: join(workspace, 'moved.txt')
    }));
    expect(moved.mine.text).toBe(moved.theirs.text);
    for (const dryRun of [true, false]) {
      const edited = await bothIn('edit_file', workspace => ({
        path: join(workspace, 'edit.txt'),
        edits: [{ oldText: 'beta', newText: dryRun ? 'gamma' : 'delta' }],
        dryRun
      }));
      // The official text byte for byte; ours then says what was done (and the new hash).
      expect(edited.mine.text.startsWith(edited.theirs.text)).toBe(true);
      expect(fenced(edited.mine.text)).toBe(fenced(edited.theirs.text));
      expect(fenced(edited.theirs.text)).toContain(dryRun ? '+gamma' : '+delta');
    }
    const written = await bothIn('write_file', workspace => ({
      path: join(workspace, 'new.txt'),
      content: 'new\n'
    }));
    expect(written.theirs.text).toBe('Successfully wrote to <workspace>/new.txt');
    expect(written.mine.text).toBe(written.theirs.text);
    // Both succeed on a directory that exists; ours then says that nothing changed.
    const again = await bothIn('create_directory', workspace => ({ path: join(workspace, 'existing') }));
    expect([again.theirs.isError, again.mine.isError]).toEqual([false, false]);
    expect(again.mine.text.startsWith(again.theirs.text)).toBe(true);
  });

  it('fails the calls the official server fails', async () => {
    // Errors are worded differently (ours name the problem and what to do, the official ones are
    // Node's errno messages); a client reads isError, and the path named in the text.
    const missing = join(dir.path, 'missing.txt');
    const failing: [string, Record<string, unknown>, string | undefined][] = [
      ['read_text_file', { path: missing }, missing],
      ['read_file', { path: missing, head: 1 }, missing],
      ['read_media_file', { path: missing }, missing],
      ['list_directory', { path: missing }, missing],
      ['list_directory_with_sizes', { path: missing }, missing],
      ['directory_tree', { path: join(dir.path, 'notes.txt') }, join(dir.path, 'notes.txt')],
      ['search_files', { path: missing, pattern: '*' }, missing],
      ['get_file_info', { path: missing }, missing],
      [
        'edit_file',
        { path: join(dir.path, 'notes.txt'), edits: [{ oldText: 'absent', newText: 'x' }] },
        undefined
      ],
      ['move_file', { source: missing, destination: join(dir.path, 'elsewhere.txt') }, undefined],
      ['write_file', { path: join(dir.path, 'no-such-dir/file.txt'), content: 'x' }, undefined],
      ['create_directory', { path: join(dir.path, 'notes.txt') }, undefined]
    ];
    for (const [name, args, named] of failing) {
      const outcome = await both(name, args);
      expect([outcome.theirs.isError, outcome.mine.isError], `${name}: ${outcome.mine.text}`).toEqual([
        true,
        true
      ]);
      if (named !== undefined) {
        expect(outcome.theirs.text, name).toContain(named);
        expect(outcome.mine.text, name).toContain(named);
      }
    }
  });

  it('edits and writes with the official argument shapes', async () => {
    const target = join(dir.path, 'edit-me.txt');
    const written = await callTool(ours.client, 'write_file', { path: target, content: 'alpha\nbeta\n' });
    expect(written.isError).toBe(false);
    const preview = await callTool(ours.client, 'edit_file', {
      path: target,
      edits: [{ oldText: 'beta', newText: 'gamma' }],
      dryRun: true
    });
    expect(preview.text).toContain('+gamma');
    const edited = await callTool(ours.client, 'edit_file', {
      path: target,
      edits: [{ oldText: 'beta', newText: 'gamma' }]
    });
    expect(edited.isError).toBe(false);
    const afterEdit = await callTool(official.client, 'read_text_file', { path: target });
    expect(afterEdit.text).toBe('alpha\ngamma\n');
  });
});

/** The official tree with every level in name order (code-unit order, as ours lists). */
function inNameOrder(nodes: readonly TreeNode[]): TreeNode[] {
  return [...nodes]
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0))
    .map(node => (node.children ? { ...node, children: inNameOrder(node.children) } : node));
}

/** The diff inside a text's fence, without the line breaks that end it. */
function fenced(text: string): string | undefined {
  return /^(`{3,})diff\n([\s\S]*?)\n*\1/.exec(text)?.[2];
}

/** Our type accepts every value of theirs; an integer count where they say number is what they mean. */
function compatible(ours: string, theirs: string): boolean {
  return ours === theirs || (ours === 'integer' && theirs === 'number');
}

function typeOf(schema: JsonSchema): string {
  return Array.isArray(schema.type)
    ? schema.type.filter(type => type !== 'null').join('|')
    : (schema.type ?? 'any');
}
