export { callTool } from './call-tool.js';
export type { TypedToolResult } from './call-tool.js';
export { cannedClient } from './canned-client.js';
export type { CannedAnswers } from './canned-client.js';
export { ALL_CONNECTIONS, clientOptionsFor, connectInProcess, createTestClient } from './connect.js';
export type { ClientSetup, EntryPoint, Era, TestConnection } from './connect.js';
export { describeServerContract, toolErrorSample } from './contract/describe-server-contract.js';
export type {
  SampleCall,
  ServerContractOptions,
  ToolErrorSample
} from './contract/describe-server-contract.js';
export { describeProcessExits } from './contract/describe-process-exits.js';
export type { ProcessExitsOptions } from './contract/describe-process-exits.js';
export { findUnboundedFields, wrongTypeValue } from './contract/schema-rules.js';
export type { JsonSchemaNode } from './contract/schema-rules.js';
export { databaseUrls } from './fixtures/database-urls.js';
export type { DatabaseUrls } from './fixtures/database-urls.js';
export { createTempDir, writeTree } from './fixtures/temp-dir.js';
export type { TempDir, TreeSpec } from './fixtures/temp-dir.js';
export { createTempPostgresDatabase } from './fixtures/temp-postgres.js';
export type { TempPostgresDatabase } from './fixtures/temp-postgres.js';
export { createTempGitRepo } from './fixtures/temp-git-repo.js';
export type { CommitSpec, TempGitRepo } from './fixtures/temp-git-repo.js';
export { connectStdioProcess, startHttpProcess } from './spawn-process.js';
export type { HttpProcess, ProcessCommand } from './spawn-process.js';
