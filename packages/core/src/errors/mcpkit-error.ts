const MARKER = Symbol.for('mcpkit.error');

/**
 * The base of every error mcpkit throws on purpose. It carries a stable string `code` (for audit
 * lines, metrics and tests) and an optional `cause`. Check with {@link McpkitError.isInstance}
 * rather than `instanceof`: the check survives two copies of the package in one process.
 */
export class McpkitError extends Error {
  readonly [MARKER] = true;
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'McpkitError';
    this.code = code;
  }

  /** True for any mcpkit error, from this or another copy of `@mcpkit/core`. */
  static isInstance(value: unknown): value is McpkitError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
