import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { createTempDir, databaseUrls } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';
import { startRaw } from './stdio-driver.js';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');
const CALLS = 200;

describe.each([
  { engine: 'sqlite', location: (dir: TempDir) => dir.resolve('shared.db') },
  { engine: 'postgres', location: () => databaseUrls().postgres }
])('reliability on $engine', ({ location }) => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir();
  });
  afterAll(() => dir.cleanup());

  it(`two processes writing ${CALLS} calls each at the same time lose nothing`, async () => {
    const namespace = `race-${randomUUID().slice(0, 8)}`;
    const args = [BIN, '--database-url', location(dir), '--namespace', namespace];
    const [left, right] = await Promise.all([startRaw({ args }), startRaw({ args })]);
    await left.call('create_entities', {
      entities: [{ name: 'shared', entityType: 'hub', observations: [] }]
    });
    const burst = (server: typeof left, side: string) =>
      Promise.all(
        Array.from({ length: CALLS }, async (_, index) => {
          const name = `${side}-${index}`;
          const created = await server.call('create_entities', {
            entities: [{ name, entityType: side, observations: [`${name} exists`] }]
          });
          expect(created.isError, JSON.stringify(created)).not.toBe(true);
          const added = await server.call('add_observations', {
            observations: [{ entityName: 'shared', contents: [`seen by ${name}`] }]
          });
          expect(added.isError, JSON.stringify(added)).not.toBe(true);
        })
      );
    await Promise.all([burst(left, 'left'), burst(right, 'right')]);
    await Promise.all([left.stop(), right.stop()]);

    const database = await openDatabase(location(dir));
    try {
      const graph = await new GraphStore(database).readGraph(namespace);
      expect(graph.entities).toHaveLength(2 * CALLS + 1);
      const shared = graph.entities.find(entity => entity.name === 'shared');
      expect(shared?.observations).toHaveLength(2 * CALLS);
    } finally {
      await database.close();
    }
  });

  it('a process killed with SIGKILL mid-burst leaves a store that opens with every acknowledged write', async () => {
    const namespace = `crash-${randomUUID().slice(0, 8)}`;
    const server = await startRaw({ args: [BIN, '--database-url', location(dir), '--namespace', namespace] });
    const acknowledged: string[] = [];
    const writes = Array.from({ length: 400 }, async (_, index) => {
      const name = `entity-${index}`;
      try {
        const result = await server.call('create_entities', {
          entities: [{ name, entityType: 'burst', observations: ['a', 'b'] }]
        });
        if (result.isError !== true) acknowledged.push(name);
      } catch {
        // In flight when the process died: not acknowledged, so it may or may not be there.
      }
    });
    // Let part of the burst commit, then kill the process without warning.
    while (acknowledged.length < 50) await new Promise(resolve => setTimeout(resolve, 5));
    server.child.kill('SIGKILL');
    await Promise.all(writes);

    if (!String(location(dir)).startsWith('postgres')) {
      const raw = new BetterSqlite3(location(dir));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
    }
    const database = await openDatabase(location(dir));
    try {
      const graph = await new GraphStore(database).readGraph(namespace);
      const present = new Map(graph.entities.map(entity => [entity.name, entity]));
      expect(acknowledged.length).toBeGreaterThanOrEqual(50);
      for (const name of acknowledged) expect(present.get(name)?.observations).toEqual(['a', 'b']);
    } finally {
      await database.close();
    }
  });
});
