import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { ResourceTemplate } from '@modelcontextprotocol/server';

import type { ResourceDefinition } from '../resource/define-resource.js';
import { guardCompleter } from './guard-completer.js';
import { atProtocolBoundary } from './protocol-boundary.js';
import { createRequestCall } from './request-call.js';
import type { RequestScope } from './request-call.js';
import type { ServerRuntime } from './runtime.js';

/** Registers one resource or resource template, with the protocol error boundary around reads. */
export function registerResource<Context>(
  server: McpServer,
  resource: ResourceDefinition<Context>,
  options: { runtime: ServerRuntime<Context>; scope: RequestScope }
): void {
  const { runtime, scope } = options;
  const callFor = (sdkContext: ServerContext) => createRequestCall(runtime, sdkContext, scope);
  const metadata = { title: resource.title, description: resource.description, mimeType: resource.mimeType };
  if (resource.kind === 'static') {
    server.registerResource(resource.name, resource.uri, metadata, (uri, sdkContext) => {
      const call = callFor(sdkContext);
      return atProtocolBoundary(`resource ${uri.href}`, call, () => resource.read(uri, call));
    });
    return;
  }
  const complete = Object.fromEntries(
    Object.entries(resource.complete ?? {}).map(([variable, completer]) => {
      const guarded = guardCompleter(completer, {
        logger: runtime.logger,
        what: `${resource.uriTemplate} ${variable}`
      });
      return [
        variable,
        (value: string, request?: { arguments?: Record<string, string> }) =>
          guarded(value, { arguments: request?.arguments ?? {}, context: runtime.context })
      ];
    })
  );
  const list =
    resource.list === undefined
      ? undefined
      : (call: Parameters<NonNullable<typeof resource.list>>[0]) => resource.list!(call);
  const template = new ResourceTemplate(resource.uriTemplate, {
    list:
      list === undefined
        ? undefined
        : async sdkContext => {
            const call = callFor(sdkContext);
            return { resources: await atProtocolBoundary(`list ${resource.name}`, call, () => list(call)) };
          },
    complete
  });
  server.registerResource(resource.name, template, metadata, (uri, variables, sdkContext) => {
    const call = callFor(sdkContext);
    return atProtocolBoundary(`resource ${uri.href}`, call, () => resource.read(uri, variables, call));
  });
}
