// The public surface: what a program embedding the server needs (open a store, create a context
// and a server), its options, the graph's types and limits, and the errors it may catch.
export { memoryOptions } from './config.js';
export type { MemoryOptions } from './config.js';
export { createMemoryContext } from './context.js';
export type { MemoryContext } from './context.js';
export { ExportExistsError } from './export-file.js';
export { createMemoryServer, memoryDefinition } from './server.js';
export { openDatabase } from './store/database.js';
export type { Engine, OpenDatabase, StoreLogger } from './store/database.js';
export { MissingEntitiesError, NameTakenError, StoreBusyError, StoreTooNewError } from './store/errors.js';
export type { Entity, KnowledgeGraph, Relation } from './store/graph.js';
export { LIMITS } from './store/limits.js';
export { SqliteUnavailableError } from './store/sqlite-driver.js';
