export { createConformanceContext } from './context.js';
export type { ConformanceContext } from './context.js';
export { conformanceDefinition, createConformanceServer } from './server.js';
