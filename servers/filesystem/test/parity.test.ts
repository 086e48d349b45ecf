import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { connectStdioProcess, createTempDir } from '@mcpkit/testing';
import type { TempDir, TestConnection } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callTool } from './harness.js';

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

/** Drop-in parity with the official server, installed from npm, started as a real process. */
describe('parity with @modelcontextprotocol/server-filesystem', () => {
  let dir: TempDir;
  let official: TestConnection;
  let ours: TestConnection;
  let officialTools: Awaited<ReturnType<Client['listTools']>>['tools'];
  let ourTools: typeof officialTools;

  beforeAll(async () => {
    dir = await createTempDir({
      'notes.txt': `${lines}\n`,
      src: { 'a.ts': 'export const a = 1;\n', 'b.js': 'b\n', deep: { 'c.ts': 'c\n' } },
      'README.md': '# readme\n'
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

  it('calls made for the official server work unchanged and agree on the results', async () => {
    const both = async (name: string, args: Record<string, unknown>) => {
      const [theirs, mine] = await Promise.all([
        callTool(official.client, name, args),
        callTool(ours.client, name, args)
      ]);
      return { theirs, mine };
    };
    const whole = await both('read_text_file', { path: join(dir.path, 'notes.txt') });
    expect(whole.mine.text).toBe(whole.theirs.text);
    const head = await both('read_text_file', { path: join(dir.path, 'notes.txt'), head: 3 });
    expect(head.mine.text.startsWith(head.theirs.text)).toBe(true);
    expect(head.theirs.text).toBe('line 1\nline 2\nline 3');
    const tail = await both('read_text_file', { path: join(dir.path, 'notes.txt'), tail: 2 });
    // The official tail counts the final line break as a line and returns one line here; ours returns two.
    expect(tail.theirs.text.trimEnd().endsWith('line 40')).toBe(true);
    expect(tail.mine.text).toBe('line 39\nline 40');
    const listing = await both('list_directory', { path: dir.path });
    expect(listing.mine.text.split('\n').sort()).toEqual(listing.theirs.text.split('\n').sort());
    const search = await both('search_files', { path: dir.path, pattern: '**/*.ts' });
    expect(search.mine.text.split('\n').sort()).toEqual(search.theirs.text.split('\n').sort());
    const multiple = await both('read_multiple_files', { paths: [join(dir.path, 'README.md')] });
    expect(multiple.mine.text).toContain('# readme');
    expect(multiple.theirs.text).toContain('# readme');
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

/** Our type accepts every value of theirs; an integer count where they say number is what they mean. */
function compatible(ours: string, theirs: string): boolean {
  return ours === theirs || (ours === 'integer' && theirs === 'number');
}

function typeOf(schema: JsonSchema): string {
  return Array.isArray(schema.type)
    ? schema.type.filter(type => type !== 'null').join('|')
    : (schema.type ?? 'any');
}
