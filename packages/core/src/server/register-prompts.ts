import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { completable } from '@modelcontextprotocol/server';
import { z } from 'zod';

import type { PromptDefinition } from '../prompt/define-prompt.js';
import { guardCompleter } from './guard-completer.js';
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
  runtime: Pick<ServerRuntime<Context>, 'context' | 'logger'>
): PreparedPrompt<Context> {
  const shape: Record<string, z.ZodType> = {};
  const fields: Record<string, z.ZodType> = definition.args.shape;
  for (const [key, field] of Object.entries(fields)) {
    const completer = definition.complete?.[key as never];
    if (completer === undefined) {
      shape[key] = field;
      continue;
    }
    const guarded = guardCompleter(completer, {
      logger: runtime.logger,
      what: `prompt ${definition.name} ${key}`
    });
    shape[key] = completable(field.clone(), (value, request) =>
      guarded(typeof value === 'string' ? value : '', {
        arguments: request?.arguments ?? {},
        context: runtime.context
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
