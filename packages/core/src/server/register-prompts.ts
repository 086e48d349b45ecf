import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { completable } from '@modelcontextprotocol/server';
import { z } from 'zod';

import type { PromptDefinition } from '../prompt/define-prompt.js';
import { atProtocolBoundary } from './protocol-boundary.js';
import { createRequestCall } from './request-call.js';
import type { RequestScope } from './request-call.js';
import type { ServerRuntime } from './runtime.js';

/** A prompt with its argument schema prepared once per server (completion bound to the context). */
export interface PreparedPrompt<Context> {
  definition: PromptDefinition<Context>;
  argsSchema: z.ZodObject;
}

/**
 * Wraps completable argument fields once per server. The SDK marks a schema completable with a
 * non-configurable property, so each server wraps its own clones instead of the shared definition.
 */
export function preparePrompt<Context>(
  definition: PromptDefinition<Context>,
  context: Context
): PreparedPrompt<Context> {
  const shape: Record<string, z.ZodType> = {};
  const fields: Record<string, z.ZodType> = definition.args.shape;
  for (const [key, field] of Object.entries(fields)) {
    const completer = definition.complete?.[key as never];
    shape[key] =
      completer === undefined
        ? field
        : completable(field.clone(), (value, request) =>
            completer(typeof value === 'string' ? value : '', {
              arguments: request?.arguments ?? {},
              context
            })
          );
  }
  return { definition, argsSchema: z.object(shape) };
}

export function registerPrompt<Context>(
  server: McpServer,
  prompt: PreparedPrompt<Context>,
  options: { runtime: ServerRuntime<Context>; scope: RequestScope }
): void {
  const { definition } = prompt;
  server.registerPrompt(
    definition.name,
    { title: definition.title, description: definition.description, argsSchema: prompt.argsSchema },
    (args: Record<string, unknown>, sdkContext: ServerContext) => {
      const call = createRequestCall(options.runtime, sdkContext, options.scope);
      return atProtocolBoundary(`prompt ${definition.name}`, call, () => definition.get(args, call));
    }
  );
}
