import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { connectStdioProcess, createTempDir } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
    const first = await connectStdioProcess({ command: process.execPath, args, env, era: 'modern' });
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
    } finally {
      await first.close();
    }
    const second = await connectStdioProcess({ command: process.execPath, args, env, era: 'legacy' });
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
});
