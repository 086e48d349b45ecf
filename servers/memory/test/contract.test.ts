import { randomUUID } from 'node:crypto';

import { afterAll } from 'vitest';

import { createTempDir, databaseUrls, describeServerContract } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';

import { createMemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import { openDatabase } from '../src/store/database.js';
import type { OpenDatabase } from '../src/store/database.js';

const dirs: TempDir[] = [];
const databases: OpenDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map(database => database.close()));
  await Promise.all(dirs.map(dir => dir.cleanup()));
});

/** The same contract on both engines: SQLite (embedded default) and PostgreSQL at 127.0.0.1:5432. */
const engines = [
  {
    engine: 'SQLite',
    async location() {
      const dir = await createTempDir();
      dirs.push(dir);
      return dir.resolve('memory.db');
    }
  },
  { engine: 'PostgreSQL', location: () => Promise.resolve(databaseUrls().postgres) }
];

for (const { engine, location } of engines) {
  describeServerContract({
    name: `memory on ${engine}`,
    async create() {
      const database = await openDatabase(await location());
      databases.push(database);
      // A namespace per server: PostgreSQL is shared with the other suites and earlier runs.
      const namespace = `contract-${randomUUID().slice(0, 8)}`;
      const context = createMemoryContext(database, namespace);
      await context.store.createEntities(namespace, [
        { name: 'Ada', entityType: 'person', observations: ['wrote notes'] },
        { name: 'Engine', entityType: 'machine', observations: [] },
        { name: 'Gone', entityType: 'tmp', observations: ['x'] }
      ]);
      await context.store.createRelations(namespace, [
        { from: 'Ada', to: 'Engine', relationType: 'programmed' }
      ]);
      return createMemoryServer(context);
    },
    samples: {
      add_observations: { observations: [{ entityName: 'Ada', contents: ['liked tea'] }] },
      create_entities: { entities: [{ name: 'Babbage', entityType: 'person', observations: [] }] },
      create_relations: { relations: [{ from: 'Ada', to: 'Engine', relationType: 'admired' }] },
      delete_entities: { entityNames: ['Gone'] },
      delete_observations: { deletions: [{ entityName: 'Ada', observations: ['nothing'] }] },
      delete_relations: { relations: [{ from: 'Ada', to: 'Engine', relationType: 'never' }] },
      open_nodes: { names: ['Ada'] },
      read_graph: {},
      search_nodes: { query: 'ada' },
      graph_stats: {},
      merge_entities: { into: 'Ada', sources: ['Babbage'] },
      recent_changes: { limit: 5 },
      rename_entity: { from: 'Engine', to: 'Analytical Engine' }
    }
  });
}
