import type { OpenDatabase } from './store/database.js';
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
