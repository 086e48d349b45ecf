import { describe, expect, it } from 'vitest';

import * as core from '../index.js';

const { unbrandedErrorClasses } = core;

describe("core's exported error classes", () => {
  it('each carry a brand of their own', () => {
    expect(unbrandedErrorClasses(core)).toEqual([]);
  });

  it('are found out when one has no brand, or is no mcpkit error', () => {
    class Unbranded extends core.ToolError {}
    class Plain extends Error {}
    class Twin extends core.ToolError {
      static override readonly brand: string = 'mcpkit.tool-error';
    }
    expect(unbrandedErrorClasses({ Unbranded, Plain, ToolError: core.ToolError, Twin })).toEqual([
      'Unbranded: declares no static readonly brand of its own',
      'Plain: not an mcpkit error (extend McpkitError, ToolError or ConfigError)',
      'Twin: shares its brand "mcpkit.tool-error" with ToolError'
    ]);
  });
});
