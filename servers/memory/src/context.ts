import { ToolError } from '@mcpkit/core';

import type { OpenDatabase } from './store/database.js';
import { GraphStore, MissingEntitiesError } from './store/graph-store.js';

/** The memory server's long-lived state: the open store and the default namespace. */
export interface MemoryContext {
  readonly database: OpenDatabase;
  readonly store: GraphStore;
  readonly namespace: string;
}

export function createMemoryContext(database: OpenDatabase, namespace: string): MemoryContext {
  return { database, store: new GraphStore(database), namespace };
}

/** Turns a store failure the model can fix into a ToolError; anything else passes through. */
export function toToolError(error: unknown): unknown {
  if (error instanceof MissingEntitiesError) {
    return new ToolError('ENTITY_NOT_FOUND', `${error.message} Nothing was changed.`, {
      hint: 'Create the entities with create_entities first, or check the names with search_nodes.'
    });
  }
  return error;
}
