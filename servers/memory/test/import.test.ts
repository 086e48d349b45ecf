import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importMemoryFile } from '../src/import-file.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphMaintenance } from '../src/store/graph-maintenance.js';
import { GraphStore } from '../src/store/graph-store.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';
import { startRaw } from './stdio-driver.js';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');

/** An official memory.jsonl of `size` entities (two observations each) and `size` relations. */
function officialFile(size: number): string {
  const lines: string[] = [];
  for (let index = 0; index < size; index++) {
    lines.push(
      JSON.stringify({
        type: 'entity',
        name: `entity-${index}`,
        entityType: `type-${index % 10}`,
        observations: [`fact ${index} alpha`, `fact ${index} beta`]
      })
    );
  }
  for (let index = 0; index < size; index++) {
    lines.push(
      JSON.stringify({
        type: 'relation',
        from: `entity-${index}`,
        to: `entity-${(index + 1) % size}`,
        relationType: 'next'
      })
    );
  }
  return lines.join('\n');
}

async function counts(database: OpenDatabase, namespace: string) {
  const stats = await new GraphMaintenance(database, new GraphStore(database)).stats(namespace);
  const records = await database.db
    .selectFrom('imports')
    .selectAll()
    .where('namespace', '=', namespace)
    .execute();
  return {
    entities: stats.entities,
    observations: stats.observations,
    relations: stats.relations,
    records: records.length
  };
}

describe.each(ENGINES)('importing memory files on %s', engine => {
  let location: TestLocation;
  beforeAll(async () => {
    location = await createTestLocation(engine);
  });
  afterAll(() => location.cleanup());

  it('imports 100,000 entities and 100,000 relations in one transaction, and only once', async () => {
    const file = join(location.directory, 'large.jsonl');
    await writeFile(file, officialFile(100_000));
    const database = await location.open();
    try {
      const store = new GraphStore(database);
      const report = await importMemoryFile(store, { file, namespace: 'large' });
      expect(report).toMatchObject({
        outcome: 'imported',
        entities: 100_000,
        relations: 100_000,
        problemCount: 0
      });
      expect(await counts(database, 'large')).toEqual({
        entities: 100_000,
        observations: 200_000,
        relations: 100_000,
        records: 1
      });
      // Emptied, the namespace is not filled again: the record, not emptiness, decides.
      await database.db.deleteFrom('entities').where('namespace', '=', 'large').execute();
      expect((await importMemoryFile(store, { file, namespace: 'large' })).outcome).toBe('already-imported');
      expect((await counts(database, 'large')).entities).toBe(0);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('leaves nothing of an import a SIGKILL stopped, and the next start imports the file whole', async () => {
    const file = join(location.directory, 'killed.jsonl');
    await writeFile(file, officialFile(30_000));
    const args = [BIN, '--database-url', location.url, '--namespace', 'killed'];
    const env = { MEMORY_FILE_PATH: file };
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'pipe']
    });
    let stderr = '';
    const exited = new Promise(resolve => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no import began within 30 s: ${stderr}`)), 30_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!stderr.includes('importing the memory file')) return;
          clearTimeout(timer);
          resolve();
        });
        child.once('exit', () => reject(new Error(`exited before importing: ${stderr}`)));
      });
      // Mid-transaction: wait a moment, then kill it without warning.
      await new Promise(resolve => setTimeout(resolve, 150));
    } finally {
      // Killed on failure too: a child left running would outlive the test run.
      child.kill('SIGKILL');
      await exited;
    }
    expect(stderr).not.toMatch(/imported memory file/);
    const database = await location.open();
    try {
      expect(await counts(database, 'killed')).toEqual({
        entities: 0,
        observations: 0,
        relations: 0,
        records: 0
      });
    } finally {
      await database.close();
    }
    const again = await startRaw({ args, env });
    try {
      const stats = await again.call('graph_stats', {});
      expect(stats.structuredContent).toMatchObject({
        entities: 30_000,
        observations: 60_000,
        relations: 30_000
      });
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('imports once when two processes start on the same file at once', async () => {
    const file = join(location.directory, 'twice.jsonl');
    await writeFile(file, officialFile(3000));
    const args = [BIN, '--database-url', location.url, '--namespace', 'twice'];
    const servers = await Promise.all([
      startRaw({ args, env: { MEMORY_FILE_PATH: file } }),
      startRaw({ args, env: { MEMORY_FILE_PATH: file } })
    ]);
    try {
      const stats = await servers[0].call('graph_stats', {});
      expect(stats.structuredContent).toMatchObject({ entities: 3000, relations: 3000 });
    } finally {
      await Promise.all(servers.map(server => server.stop()));
    }
    const database = await location.open();
    try {
      expect((await counts(database, 'twice')).records).toBe(1);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('reports duplicate names and dangling relations by line, and merges into a graph that has data', async () => {
    const database = await location.open();
    try {
      const store = new GraphStore(database);
      await store.createEntities('merge', [
        { name: 'Existing', entityType: 'kept', observations: ['as it was'] }
      ]);
      const file = join(location.directory, 'problems.jsonl');
      await writeFile(
        file,
        [
          '{"type":"entity","name":"Ada","entityType":"person","observations":["one"]}',
          '{"type":"entity","name":"Ada","entityType":"person","observations":["two"]}',
          '{"type":"entity","name":"Existing","entityType":"replaced?","observations":["never"]}',
          '{"type":"relation","from":"Ada","to":"Existing","relationType":"knows"}',
          '{"type":"relation","from":"Ada","to":"Nobody","relationType":"knows"}',
          '{"type":"relation","from":"Ghost","to":"Phantom","relationType":"haunts"}'
        ].join('\n')
      );
      const report = await importMemoryFile(store, { file, namespace: 'merge' });
      expect(report).toMatchObject({ outcome: 'imported', entities: 1, relations: 1, problemCount: 4 });
      expect(report.problems.map(problem => [problem.line, problem.message])).toEqual([
        [2, expect.stringMatching(/"Ada" is already defined on line 1/)],
        [3, expect.stringMatching(/"Existing" already exists in the graph; it is kept as it is/)],
        [5, expect.stringMatching(/names "Nobody", defined neither in the file nor in the graph/)],
        [6, expect.stringMatching(/names "Ghost" and "Phantom"/)]
      ]);
      expect(await store.readGraph('merge')).toEqual({
        entities: [
          { name: 'Existing', entityType: 'kept', observations: ['as it was'] },
          { name: 'Ada', entityType: 'person', observations: ['one'] }
        ],
        relations: [{ from: 'Ada', to: 'Existing', relationType: 'knows' }]
      });
    } finally {
      await database.close();
    }
  });
});
