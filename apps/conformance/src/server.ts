import { createMcpkitServer } from '@mcpkit/core';
import type { McpkitServer, McpkitServerOptions, ServerDefinition } from '@mcpkit/core';

import { createConformanceContext } from './context.js';
import type { ConformanceContext } from './context.js';
import { prompts } from './prompts.js';
import { resources } from './resources.js';
import { contentTools } from './tools/content-tools.js';
import { inputRequiredTools } from './tools/input-required-tools.js';
import { inputTools } from './tools/input-tools.js';
import { notificationTools } from './tools/notification-tools.js';
import { VERSION } from './version.js';

/** The fixture server's definition: every tool, resource and prompt the conformance suite calls. */
export const conformanceDefinition: ServerDefinition<ConformanceContext> = {
  name: 'mcpkit-conformance',
  version: VERSION,
  title: 'mcpkit conformance fixture',
  instructions: 'A fixture for the MCP conformance suite; its tools exist to exercise the protocol.',
  tools: [...contentTools, ...notificationTools, ...inputTools, ...inputRequiredTools],
  resources,
  prompts,
  resourceSubscriptions: true,
  serverOptions: context => ({
    capabilities: { prompts: { listChanged: true }, completions: {} },
    requestState: { verify: (...args) => context.stateCodec.verify(...args) }
  })
};

/** Creates the fixture server with a fresh context. */
export function createConformanceServer(
  options: Omit<McpkitServerOptions<ConformanceContext>, 'context'> = {}
): McpkitServer<ConformanceContext> {
  return createMcpkitServer(conformanceDefinition, { ...options, context: createConformanceContext() });
}
