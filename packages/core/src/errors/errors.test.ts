import { describe, expect, it } from 'vitest';

import { ConfigError } from './config-error.js';
import { McpkitError } from './mcpkit-error.js';
import { ToolError } from './tool-error.js';

describe('error classes', () => {
  it('recognise instances by marker, including copies that are not the same class', () => {
    const error = new ToolError('NOT_FOUND', 'missing', { hint: 'try x' });
    expect(McpkitError.isInstance(error)).toBe(true);
    expect(ToolError.isInstance(error)).toBe(true);
    expect(ToolError.isInstance(new ConfigError('bad'))).toBe(false);
    const foreignCopy = { [Symbol.for('mcpkit.tool-error')]: true, [Symbol.for('mcpkit.error')]: true };
    expect(ToolError.isInstance(foreignCopy)).toBe(true);
    expect(McpkitError.isInstance(new Error('plain'))).toBe(false);
  });

  it('keep code, hint and cause', () => {
    const cause = new Error('root');
    const error = new ToolError('NOT_FOUND', 'missing', { hint: 'try x', cause });
    expect([error.code, error.hint, error.cause]).toEqual(['NOT_FOUND', 'try x', cause]);
    expect(new ConfigError('bad').code).toBe('INVALID_CONFIG');
  });
});
