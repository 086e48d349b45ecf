import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { connectStdioProcess, createTempDir } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { graphStatsTool } from '../src/tools/graph-stats.js';
import { ENGINES, createTestLocation } from './engines.js';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');

/** A file the official server could have written, with one corrupt line. */
const ORIGINAL = [
  '{"type":"entity","name":"Ada","entityType":"person","observations":["wrote notes"]}',
  'this line is corrupt',
  '{"type":"entity","name":"Engine","entityType":"machine","observations":[]}',
  '{"type":"relation","from":"Ada","to":"Engine","relationType":"programmed"}'
].join('\n');

/** The built bin as a host runs it, with the official server's MEMORY_FILE_PATH. */
describe('mcpkit-memory bin', () => {
  let dir: TempDir;

  beforeAll(async () => {
    dir = await createTempDir();
    await writeFile(dir.resolve('memory.jsonl'), ORIGINAL);
  });
  afterAll(() => dir.cleanup());

  it('imports MEMORY_FILE_PATH on first start, skipping a corrupt line, and keeps the data', async () => {
    const env = { MEMORY_FILE_PATH: dir.resolve('memory.jsonl') };
    const args = [BIN, '--database-url', dir.resolve('data', 'memory.db')];
    // A 2025-era client starts the process once (a 2026-07-28 one may start it twice: the import
    // then happens in whichever gets there first, once).
    const first = await connectStdioProcess({ command: process.execPath, args, env, era: 'legacy' });
    try {
      const graph = await first.client.callTool({ name: 'read_graph', arguments: {} });
      expect(graph.structuredContent).toMatchObject({
        entities: [{ name: 'Ada' }, { name: 'Engine' }],
        relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }]
      });
      await first.client.callTool({
        name: 'add_observations',
        arguments: { observations: [{ entityName: 'Engine', contents: ['steam powered'] }] }
      });
      expect(first.stderr()).toMatch(/"line":2.*not valid JSON/);
    } finally {
      await first.close();
    }
    const second = await connectStdioProcess({ command: process.execPath, args, env, era: 'modern' });
    try {
      const opened = await second.client.callTool({ name: 'open_nodes', arguments: { names: ['Engine'] } });
      expect(opened.structuredContent).toMatchObject({
        entities: [{ name: 'Engine', observations: ['steam powered'] }]
      });
    } finally {
      await second.close();
    }
    // The official file is only read: byte for byte what it was.
    expect(await readFile(dir.resolve('memory.jsonl'), 'utf8')).toBe(ORIGINAL);
  });

  it('imports the older memory.json beside a MEMORY_FILE_PATH .jsonl that does not exist yet', async () => {
    await mkdir(dir.resolve('older'));
    await writeFile(dir.resolve('older', 'memory.json'), ORIGINAL);
    const env = { MEMORY_FILE_PATH: dir.resolve('older', 'memory.jsonl') };
    const args = [BIN, '--database-url', dir.resolve('older', 'memory.db')];
    const server = await connectStdioProcess({ command: process.execPath, args, env, era: 'modern' });
    try {
      const graph = await server.client.callTool({ name: 'read_graph', arguments: { mode: 'names' } });
      expect(graph.structuredContent).toMatchObject({ entities: [{ name: 'Ada' }, { name: 'Engine' }] });
    } finally {
      await server.close();
    }
    expect(await readFile(dir.resolve('older', 'memory.json'), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(dir.resolve('older', 'memory.jsonl'))).toBe(false);
  });

  it('prints --help and --version on stdout and exits 0', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--database-url/);
    expect(help.stdout).toMatch(/--export-dir/);
    const version = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses an output budget too small for a graph page, naming the option', () => {
    const result = spawnSync(
      process.execPath,
      [BIN, '--max-output-bytes', '4096', '--database-url', dir.resolve('x.db')],
      {
        encoding: 'utf8',
        input: ''
      }
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--max-output-bytes is 4096; the memory server needs at least 32768/);
  });
});

describe.each(ENGINES)('the memory file on %s', engine => {
  it('is imported once: a namespace emptied later does not get it back on the next start', async () => {
    const location = await createTestLocation(engine);
    try {
      const file = join(location.directory, 'memory.jsonl');
      await writeFile(file, ORIGINAL);
      const args = [BIN, '--database-url', location.url];
      const env = { MEMORY_FILE_PATH: file };
      const first = await connectStdioProcess({ command: process.execPath, args, env, era: 'modern' });
      try {
        await first.client.callTool({
          name: 'delete_entities',
          arguments: { entityNames: ['Ada', 'Engine'] }
        });
        const empty = await first.client.callTool({ name: 'graph_stats', arguments: {} });
        expect(empty.structuredContent).toMatchObject({ entities: 0 });
      } finally {
        await first.close();
      }
      const second = await connectStdioProcess({ command: process.execPath, args, env, era: 'modern' });
      try {
        const stats = await second.client.callTool({ name: 'graph_stats', arguments: {} });
        expect(stats.structuredContent).toMatchObject({ entities: 0, relations: 0 });
        expect(second.stderr()).toMatch(/imported before: not imported again/);
      } finally {
        await second.close();
      }
      // The file changed since: still not imported again, and the log says so and what to do.
      await writeFile(file, `${ORIGINAL}\n{"type":"entity","name":"New","entityType":"x","observations":[]}`);
      const third = await connectStdioProcess({ command: process.execPath, args, env, era: 'modern' });
      try {
        const stats = await third.client.callTool({ name: 'graph_stats', arguments: {} });
        expect(stats.structuredContent).toMatchObject({ entities: 0 });
        expect(third.stderr()).toMatch(/changed since it was imported.*copy it under a new name/);
      } finally {
        await third.close();
      }
    } finally {
      await location.cleanup();
    }
  });

  it('is written back by export_graph byte for byte, from any namespace, into the export directory only', async () => {
    const location = await createTestLocation(engine);
    try {
      const file = join(location.directory, 'memory.jsonl');
      const clean = ORIGINAL.split('\n')
        .filter(line => line.startsWith('{'))
        .join('\n');
      await writeFile(file, clean);
      const exports = join(location.directory, 'exports');
      const args = [BIN, '--database-url', location.url, '--namespace', 'work', '--export-dir', exports];
      const server = await connectStdioProcess({
        command: process.execPath,
        args,
        env: { MEMORY_FILE_PATH: file },
        era: 'modern'
      });
      try {
        const written = await server.client.callTool({
          name: 'export_graph',
          arguments: { file: 'work.jsonl' }
        });
        expect(written.structuredContent).toMatchObject({ entities: 2, relations: 1 });
        expect(await readFile(join(exports, 'work.jsonl'), 'utf8')).toBe(clean);
        // Another namespace, and no overwriting unless asked.
        await server.client.callTool({
          name: 'create_entities',
          arguments: {
            namespace: 'other',
            entities: [{ name: 'Solo', entityType: 't', observations: ['ö "x"'] }]
          }
        });
        const again = await server.client.callTool({
          name: 'export_graph',
          arguments: { file: 'work.jsonl', namespace: 'other' }
        });
        expect(again.isError).toBe(true);
        expect(JSON.stringify(again.content)).toMatch(/already exists.*overwrite: true/);
        await server.client.callTool({
          name: 'export_graph',
          arguments: { file: 'work.jsonl', namespace: 'other', overwrite: true }
        });
        expect(await readFile(join(exports, 'work.jsonl'), 'utf8')).toBe(
          '{"type":"entity","name":"Solo","entityType":"t","observations":["ö \\"x\\""]}'
        );
        for (const hostile of [
          '../escape.jsonl',
          '/tmp/abs.jsonl',
          '.hidden.jsonl',
          'a/b.jsonl',
          'no-extension'
        ]) {
          const refused = await server.client.callTool({
            name: 'export_graph',
            arguments: { file: hostile }
          });
          expect(refused.isError, hostile).toBe(true);
        }
        expect(existsSync(join(location.directory, 'escape.jsonl'))).toBe(false);
      } finally {
        await server.close();
      }
    } finally {
      await location.cleanup();
    }
  });
});

describe('--search-memory-mb', () => {
  it('searches from an index in memory by default, and only the database with 0', async () => {
    const location = await createTestLocation('sqlite');
    try {
      const args = [BIN, '--database-url', location.url];
      const indexed = await connectStdioProcess({ command: process.execPath, args, era: 'modern' });
      try {
        await indexed.client.callTool({
          name: 'create_entities',
          arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote notes'] }] }
        });
        // Loaded at start, then caught up with the write before the search.
        for (let tries = 0; ; tries++) {
          const stats = await indexed.client.callTool({ name: 'graph_stats', arguments: {} });
          if (graphStatsTool.output.parse(stats.structuredContent).searchIndex === 'memory') break;
          expect(tries).toBeLessThan(200);
          await new Promise(resolve => setTimeout(resolve, 25));
        }
        const found = await indexed.client.callTool({ name: 'search_nodes', arguments: { query: 'notes' } });
        expect(found.structuredContent).toMatchObject({ entities: [{ name: 'Ada' }] });
      } finally {
        await indexed.close();
      }
      const direct = await connectStdioProcess({
        command: process.execPath,
        args: [...args, '--search-memory-mb', '0'],
        era: 'modern'
      });
      try {
        const found = await direct.client.callTool({ name: 'search_nodes', arguments: { query: 'notes' } });
        expect(found.structuredContent).toMatchObject({ entities: [{ name: 'Ada' }] });
        const stats = await direct.client.callTool({ name: 'graph_stats', arguments: {} });
        expect(stats.structuredContent).toMatchObject({ searchIndex: 'database' });
        const [text] = stats.content as { type: string; text: string }[];
        expect(text?.text).toMatch(/Search reads: the database$/);
      } finally {
        await direct.close();
      }
    } finally {
      await location.cleanup();
    }
  });
});
