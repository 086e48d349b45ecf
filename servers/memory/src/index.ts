export { openDatabase } from './store/database.js';
export type { Engine, OpenDatabase } from './store/database.js';
export type { Entity, KnowledgeGraph, Relation } from './store/graph.js';
export { GraphStore, MissingEntitiesError } from './store/graph-store.js';
export { parseMemoryFile, serializeMemoryFile } from './store/jsonl.js';
export type { LineProblem } from './store/jsonl.js';
