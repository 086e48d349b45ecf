import { randomUUID } from 'node:crypto';

import { describeServerContract } from '@mcpkit/testing';
import { afterAll } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

const locations: TestLocation[] = [];
afterAll(async () => {
  await Promise.all(locations.map(location => location.cleanup()));
});

/** The same contract on both engines: SQLite (embedded default) and PostgreSQL. */
for (const engine of ENGINES) {
  describeServerContract({
    name: `memory on ${engine}`,
    async create() {
      const location = await createTestLocation(engine);
      locations.push(location);
      const database = await location.open();
      const namespace = `contract-${randomUUID().slice(0, 8)}`;
      const context = createMemoryContext(database, namespace, { exportDirectory: location.directory });
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
      rename_entity: { from: 'Engine', to: 'Analytical Engine' },
      export_graph: { file: `contract-${randomUUID().slice(0, 8)}.jsonl` }
    }
  });
}
