import { afterAll } from 'vitest';

import { createTempDir, describeServerContract } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';

import { createMemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import { openDatabase } from '../src/store/database.js';

const dirs: TempDir[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(dir => dir.cleanup()));
});

describeServerContract({
  name: 'memory',
  async create() {
    const dir = await createTempDir();
    dirs.push(dir);
    const context = createMemoryContext(await openDatabase(dir.resolve('memory.db')), 'default');
    await context.store.createEntities('default', [
      { name: 'Ada', entityType: 'person', observations: ['wrote notes'] },
      { name: 'Engine', entityType: 'machine', observations: [] },
      { name: 'Gone', entityType: 'tmp', observations: ['x'] }
    ]);
    await context.store.createRelations('default', [
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
