import { ToolError } from '@mcpkit/core';

import type { OpenDatabase } from './store/database.js';
import { MissingEntitiesError, NameTakenError, StoreBusyError } from './store/errors.js';
import { GraphMaintenance } from './store/graph-maintenance.js';
import { GraphStore } from './store/graph-store.js';

/** The memory server's long-lived state: the open store, the default namespace, the export directory. */
export interface MemoryContext {
  readonly database: OpenDatabase;
  readonly store: GraphStore;
  readonly maintenance: GraphMaintenance;
  readonly namespace: string;
  /** Where export_graph may write (absolute); without it the tool is not offered. */
  readonly exportDirectory?: string;
}

export function createMemoryContext(
  database: OpenDatabase,
  namespace: string,
  options: { exportDirectory?: string } = {}
): MemoryContext {
  const store = new GraphStore(database);
  return {
    database,
    store,
    maintenance: new GraphMaintenance(database, store),
    namespace,
    ...(options.exportDirectory === undefined ? {} : { exportDirectory: options.exportDirectory })
  };
}

/** Turns a store failure the model can fix into a ToolError; anything else passes through. */
export function toToolError(error: unknown): unknown {
  if (error instanceof MissingEntitiesError) {
    return new ToolError('ENTITY_NOT_FOUND', `${error.message} Nothing was changed.`, {
      hint: 'Create the entities with create_entities first, or check the names with search_nodes (another client may just have renamed, merged or deleted them).'
    });
  }
  if (error instanceof NameTakenError) {
    return new ToolError('NAME_TAKEN', `${error.message} Nothing was changed.`, {
      hint: 'Choose another name, or use merge_entities to combine the two entities.'
    });
  }
  if (error instanceof StoreBusyError) {
    return new ToolError('STORE_BUSY', `${error.message} Nothing was changed.`, {
      hint: 'Retry the same call in a few seconds.'
    });
  }
  return error;
}
