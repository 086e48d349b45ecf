import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { connectInProcess, connectStdioProcess, createTempDir } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import { importMemoryFile } from '../src/import-file.js';
import { createMemoryServer } from '../src/server.js';
import { openDatabase } from '../src/store/database.js';
import { serializeMemoryFile } from '../src/store/jsonl.js';

const require = createRequire(import.meta.url);
const OFFICIAL_BIN = join(
  dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')),
  'dist/index.js'
);

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** Parity with @modelcontextprotocol/server-memory, installed from npm and run as a process. */
describe('parity with @modelcontextprotocol/server-memory', () => {
  let dir: TempDir;
  let officialFile: string;
  let official: Awaited<ReturnType<typeof connectStdioProcess>>;

  beforeAll(async () => {
    dir = await createTempDir();
    officialFile = dir.resolve('memory.jsonl');
    official = await connectStdioProcess({
      command: process.execPath,
      args: [OFFICIAL_BIN],
      env: { MEMORY_FILE_PATH: officialFile },
      era: 'legacy'
    });
    const call = (name: string, args: Record<string, unknown>) =>
      official.client.callTool({ name, arguments: args });
    await call('create_entities', {
      entities: [
        {
          name: 'Ada Lovelace',
          entityType: 'person',
          observations: ['wrote the first program', 'ünïcode "quoted"']
        },
        { name: 'Analytical Engine', entityType: 'machine', observations: [] },
        { name: 'Charles Babbage', entityType: 'person', observations: ['designed engines'] }
      ]
    });
    await call('create_relations', {
      relations: [
        { from: 'Ada Lovelace', to: 'Analytical Engine', relationType: 'programmed' },
        { from: 'Charles Babbage', to: 'Analytical Engine', relationType: 'designed' }
      ]
    });
    await call('add_observations', {
      observations: [{ entityName: 'Ada Lovelace', contents: ['born 1815'] }]
    });
  });
  afterAll(async () => {
    await official?.close();
    await dir?.cleanup();
  });

  it('covers every official tool and accepts every official parameter', async () => {
    const context = createMemoryContext(await openDatabase(':memory:'), 'default');
    const server = createMemoryServer(context);
    const ours = await connectInProcess(server, { era: 'legacy', entry: 'stdio' });
    try {
      const theirs = (await official.client.listTools()).tools;
      const mine = (await ours.client.listTools()).tools;
      expect(theirs.length).toBe(9);
      const problems: string[] = [];
      for (const tool of theirs) {
        const match = mine.find(candidate => candidate.name === tool.name);
        if (!match) {
          problems.push(`${tool.name} is missing`);
          continue;
        }
        const ourSchema = match.inputSchema as JsonSchema;
        for (const parameter of Object.keys((tool.inputSchema as JsonSchema).properties ?? {})) {
          if (!ourSchema.properties?.[parameter]) problems.push(`${tool.name}.${parameter} is missing`);
        }
        const extra = (ourSchema.required ?? []).filter(
          name => !((tool.inputSchema as JsonSchema).required ?? []).includes(name)
        );
        if (extra.length > 0) problems.push(`${tool.name} also requires ${extra.join(', ')}`);
      }
      expect(problems).toEqual([]);
    } finally {
      await ours.close();
      await server.close();
    }
  });

  it('imports the file the official server wrote and answers read_graph the same way', async () => {
    const written = await readFile(officialFile, 'utf8');
    const context = createMemoryContext(await openDatabase(dir.resolve('ours.db')), 'default', {
      exportDirectory: dir.path
    });
    const report = await importMemoryFile(context.store, { file: officialFile, namespace: 'default' });
    expect(report).toMatchObject({ outcome: 'imported', entities: 3, relations: 2, problems: [] });
    // The original is never modified, and exporting gives back the same bytes.
    expect(await readFile(officialFile, 'utf8')).toBe(written);
    expect(serializeMemoryFile(await context.store.readGraph('default'))).toBe(written);
    const server = createMemoryServer(context);
    const ours = await connectInProcess(server, { era: 'legacy', entry: 'stdio' });
    try {
      const exported = await ours.client.readResource({ uri: 'memory://knowledge-graph.jsonl' });
      expect((exported.contents[0] as { text: string }).text).toBe(written);
      const theirs = await official.client.callTool({ name: 'read_graph', arguments: {} });
      const mine = await ours.client.callTool({ name: 'read_graph', arguments: {} });
      expect(mine.structuredContent).toEqual(theirs.structuredContent);
      for (const query of ['engine', '']) {
        const search = await ours.client.callTool({ name: 'search_nodes', arguments: { query } });
        const theirSearch = await official.client.callTool({ name: 'search_nodes', arguments: { query } });
        expect(search.structuredContent, query).toEqual(theirSearch.structuredContent);
      }
      // The text parses to the same graph as the official server's pretty-printed one.
      expect(JSON.parse((mine.content as { text: string }[])[0]!.text)).toEqual(
        JSON.parse((theirs.content as { text: string }[])[0]!.text)
      );
      const opened = await ours.client.callTool({
        name: 'open_nodes',
        arguments: { names: ['Charles Babbage', 'Ada Lovelace'] }
      });
      const theirOpened = await official.client.callTool({
        name: 'open_nodes',
        arguments: { names: ['Charles Babbage', 'Ada Lovelace'] }
      });
      expect(opened.structuredContent).toEqual(theirOpened.structuredContent);
      // export_graph writes what the official server wrote, byte for byte.
      await ours.client.callTool({ name: 'export_graph', arguments: { file: 'exported.jsonl' } });
      expect(await readFile(dir.resolve('exported.jsonl'), 'utf8')).toBe(written);
    } finally {
      await ours.close();
      await server.close();
    }
  });
});
