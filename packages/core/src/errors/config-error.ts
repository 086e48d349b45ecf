import { McpkitError } from './mcpkit-error.js';

/**
 * Invalid server configuration, found before anything is served. The CLI runner prints the message
 * and exits with code 2; the message names the option, the value received and what is accepted.
 */
export class ConfigError extends McpkitError {
  static override readonly brand: string = 'mcpkit.config-error';

  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_CONFIG', message, options);
    this.name = 'ConfigError';
  }
}
