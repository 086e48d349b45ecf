import { McpkitError } from './mcpkit-error.js';

/**
 * A failure the model should read and recover from: becomes an `isError: true` tool result whose
 * text is the message followed by the hint. Throw it from a tool handler for domain failures (a
 * missing file, an ambiguous match); say what was wrong in `message` and what to do next in `hint`.
 */
export class ToolError extends McpkitError {
  static override readonly brand: string = 'mcpkit.tool-error';
  /** What the model should try next (a nearby match, the allowed values, a narrower query). */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message, options);
    this.name = 'ToolError';
    this.hint = options?.hint;
  }
}
