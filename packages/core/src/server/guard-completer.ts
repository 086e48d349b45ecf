import { randomUUID } from 'node:crypto';

import type { Logger } from '@mcpkit/observability';

/**
 * Wraps a completion callback so a failure never reaches the client as raw exception text:
 * completion is advisory, so a failing completer logs its cause with a correlation id and offers
 * no suggestions.
 */
export function guardCompleter<Args extends unknown[]>(
  complete: (...args: Args) => Promise<string[]> | string[],
  options: { logger: Logger; what: string }
): (...args: Args) => Promise<string[]> {
  return async (...args) => {
    try {
      return await complete(...args);
    } catch (error) {
      options.logger.error(
        { err: error, correlation_id: randomUUID(), what: options.what },
        'completion failed'
      );
      return [];
    }
  };
}
