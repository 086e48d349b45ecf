export { byteLength } from './budget/byte-length.js';
export { decodeCursor, encodeCursor } from './budget/cursor.js';
export { cursorArgument, defineCursor } from './budget/define-cursor.js';
export type { ToolCursor } from './budget/define-cursor.js';
export { DEFAULT_ENVELOPE_BYTES, fitJson, jsonBytes, payloadRoom } from './budget/fit-json.js';
export { PageMeter, fitPage } from './budget/fit-page.js';
export type { FittedPage } from './budget/fit-page.js';
export { commonOptionsSchema } from './cli/common-options.js';
export type { CommonOptions } from './cli/common-options.js';
export { envName, flagName, loadOptions } from './cli/load-options.js';
export type { LoadedOptions, OptionSources } from './cli/load-options.js';
export { EXIT_INVALID_CONFIG, runCli } from './cli/run-cli.js';
export type { CliRuntime, CliSpec } from './cli/run-cli.js';
export { ConfigError } from './errors/config-error.js';
export { McpkitError } from './errors/mcpkit-error.js';
export { ToolError } from './errors/tool-error.js';
export { unbrandedErrorClasses } from './errors/unbranded-errors.js';
export { DEFAULT_MAX_REQUEST_BYTES } from './http/limits.js';
export { isLoopbackHost } from './http/loopback.js';
export { packageVersion } from './package/package-version.js';
export { definePrompt } from './prompt/define-prompt.js';
export type { PromptDefinition } from './prompt/define-prompt.js';
export { defineResource, defineResourceTemplate } from './resource/define-resource.js';
export type {
  ResourceDefinition,
  StaticResource,
  TemplateResource,
  VariableCompleter
} from './resource/define-resource.js';
export { DEFAULT_MAX_OUTPUT_BYTES, createMcpkitServer } from './server/create-server.js';
export type { McpkitServer, McpkitServerOptions, ServableServer } from './server/create-server.js';
export { LiveInstances } from './server/live-instances.js';
export type { ChangeNotifier } from './server/live-instances.js';
export type { ServerRuntime } from './server/runtime.js';
export type { ResourceWatching, ServerDefinition } from './server/server-definition.js';
export { serveStdioServer } from './stdio/serve-stdio.js';
export type { StdioServeHandle } from './stdio/serve-stdio.js';
export { defineTool } from './tool/define-tool.js';
export type { InferToolInput, InferToolOutput, Tool, ToolSpec } from './tool/define-tool.js';
export { toolkit } from './toolkit/toolkit.js';
export type { Toolkit } from './toolkit/toolkit.js';
export { READ_ONLY_ANNOTATIONS, changingAnnotations } from './tool/tool-annotations.js';
export type { ToolAnnotations } from './tool/tool-annotations.js';
export type { ClientIdentity, RequestCall, ToolCall } from './tool/tool-call.js';
