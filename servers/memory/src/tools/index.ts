import type { Tool } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';
import { addObservationsTool } from './add-observations.js';
import { createEntitiesTool } from './create-entities.js';
import { createRelationsTool } from './create-relations.js';
import { deleteEntitiesTool } from './delete-entities.js';
import { deleteObservationsTool } from './delete-observations.js';
import { deleteRelationsTool } from './delete-relations.js';
import { exportGraphTool } from './export-graph.js';
import { graphStatsTool } from './graph-stats.js';
import { mergeEntitiesTool } from './merge-entities.js';
import { openNodesTool } from './open-nodes.js';
import { readGraphTool } from './read-graph.js';
import { recentChangesTool } from './recent-changes.js';
import { renameEntityTool } from './rename-entity.js';
import { searchNodesTool } from './search-nodes.js';

/** Every tool of the memory server: the official nine, then ours. */
export const memoryTools: readonly Tool<MemoryContext>[] = [
  createEntitiesTool,
  createRelationsTool,
  addObservationsTool,
  deleteEntitiesTool,
  deleteObservationsTool,
  deleteRelationsTool,
  readGraphTool,
  searchNodesTool,
  openNodesTool,
  renameEntityTool,
  mergeEntitiesTool,
  graphStatsTool,
  recentChangesTool,
  exportGraphTool
];
