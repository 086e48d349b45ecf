import { ToolError } from '@mcpkit/core';

import type { OpenDatabase } from './store/database.js';
import { GraphMaintenance, NameTakenError } from './store/graph-maintenance.js';
import { GraphStore, MissingEntitiesError } from './store/graph-store.js';

/** The memory server's long-lived state: the open store and the default namespace. */
export interface MemoryContext {
  readonly database: OpenDatabase;
  readonly store: GraphStore;
  readonly maintenance: GraphMaintenance;
  readonly namespace: string;
}

export function createMemoryContext(database: OpenDatabase, namespace: string): MemoryContext {
  return {
    database,
    store: new GraphStore(database),
    maintenance: new GraphMaintenance(database),
    namespace
  };
}

/** Turns a store failure the model can fix into a ToolError; anything else passes through. */
export function toToolError(error: unknown): unknown {
  if (error instanceof MissingEntitiesError) {
    return new ToolError('ENTITY_NOT_FOUND', `${error.message} Nothing was changed.`, {
      hint: 'Create the entities with create_entities first, or check the names with search_nodes.'
    });
  }
  if (error instanceof NameTakenError) {
    return new ToolError('NAME_TAKEN', `${error.message} Nothing was changed.`, {
      hint: 'Choose another name, or use merge_entities to combine the two entities.'
    });
  }
  return error;
}
