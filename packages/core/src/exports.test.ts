import { describe, expect, it } from 'vitest';

import * as core from './index.js';

describe("core's public surface", () => {
  it('is exactly this list: a new export is a deliberate change to this test', () => {
    expect(Object.keys(core).sort()).toEqual([
      'ConfigError',
      'DEFAULT_ENVELOPE_BYTES',
      'DEFAULT_MAX_OUTPUT_BYTES',
      'DEFAULT_MAX_REQUEST_BYTES',
      'EXIT_INVALID_CONFIG',
      'LiveInstances',
      'McpkitError',
      'PageMeter',
      'READ_ONLY_ANNOTATIONS',
      'ToolError',
      'byteLength',
      'changingAnnotations',
      'commonOptionsSchema',
      'createMcpkitServer',
      'cursorArgument',
      'decodeCursor',
      'defineCursor',
      'definePrompt',
      'defineResource',
      'defineResourceTemplate',
      'defineTool',
      'encodeCursor',
      'envName',
      'fitJson',
      'fitPage',
      'flagName',
      'isLoopbackHost',
      'jsonBytes',
      'loadOptions',
      'packageVersion',
      'payloadRoom',
      'runCli',
      'serveStdioServer',
      'toolkit',
      'unbrandedErrorClasses'
    ]);
  });
});
