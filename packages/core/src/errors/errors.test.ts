import { describe, expect, it } from 'vitest';

import { ConfigError } from './config-error.js';
import { McpkitError } from './mcpkit-error.js';
import { ToolError } from './tool-error.js';

describe('error classes', () => {
  it('answer isInstance for their own class and its subclasses only', () => {
    const tool = new ToolError('NOT_FOUND', 'missing', { hint: 'try x' });
    const config = new ConfigError('bad');
    const base = new McpkitError('X', 'base');
    expect([McpkitError, ToolError, ConfigError].map(type => type.isInstance(tool))).toEqual([
      true,
      true,
      false
    ]);
    expect([McpkitError, ToolError, ConfigError].map(type => type.isInstance(config))).toEqual([
      true,
      false,
      true
    ]);
    expect([McpkitError, ToolError, ConfigError].map(type => type.isInstance(base))).toEqual([
      true,
      false,
      false
    ]);
    expect(McpkitError.isInstance(new Error('plain'))).toBe(false);
    expect(ToolError.isInstance(undefined)).toBe(false);
  });

  it('recognise an error of another copy of the package by its brands', () => {
    const foreignCopy = { [Symbol.for('mcpkit.error.brands')]: ['mcpkit.tool-error', 'mcpkit.error'] };
    expect(ToolError.isInstance(foreignCopy)).toBe(true);
    expect(ConfigError.isInstance(foreignCopy)).toBe(false);
  });

  it("give a subclass's errors every brand above it, its own first", () => {
    class Gone extends ToolError {
      static override readonly brand: string = 'test.gone';
    }
    const gone = new Gone('GONE', 'gone');
    expect([Gone, ToolError, McpkitError, ConfigError].map(type => type.isInstance(gone))).toEqual([
      true,
      true,
      true,
      false
    ]);
    expect(Gone.isInstance(new ToolError('X', 'other'))).toBe(false);
  });

  it('keep code, hint and cause', () => {
    const cause = new Error('root');
    const error = new ToolError('NOT_FOUND', 'missing', { hint: 'try x', cause });
    expect([error.code, error.hint, error.cause]).toEqual(['NOT_FOUND', 'try x', cause]);
    expect(new ConfigError('bad').code).toBe('INVALID_CONFIG');
  });
});
