import type { McpRequestContext, McpServerOptions, ServerContext } from '@modelcontextprotocol/server';
import { McpServer, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { createAuditor, createLogger, createNoopMetrics } from '@mcpkit/observability';
import type { Logger, Metrics } from '@mcpkit/observability';

import type { Tool } from '../tool/define-tool.js';
import { runToolCall } from '../tool/run-tool-call.js';
import { LiveInstances } from './live-instances.js';
import type { ChangeNotifier } from './live-instances.js';
import { preparePrompt, registerPrompt } from './register-prompts.js';
import { registerResource } from './register-resources.js';
import type { ServerRuntime } from './runtime.js';
import type { ServerDefinition } from './server-definition.js';
import { jsonSchemaOnce } from './json-schema-once.js';

/** The default byte budget for each rendering of a result (about 16k tokens of text). */
export const DEFAULT_MAX_OUTPUT_BYTES = 65_536;

export interface McpkitServerOptions<Context> {
  /** The long-lived context shared by every request (configuration, pools, caches). */
  context: Context;
  logger?: Logger;
  /** Tool-call metrics. Default: none kept (the CLI keeps Prometheus metrics for HTTP). */
  metrics?: Metrics;
  /** Byte budget for each rendering of a result. Default {@link DEFAULT_MAX_OUTPUT_BYTES}. */
  maxOutputBytes?: number;
  /** Answers `/readyz`: e.g. a database ping. Default: ready once created. */
  ready?: () => Promise<boolean>;
  /** Releases the context's resources (pools, watchers) at shutdown. */
  close?: () => Promise<void>;
}

/**
 * A server built once per process: the definition bound to its context and observability. Its
 * {@link McpkitServer.factory} is what the SDK's stdio and HTTP entries call for every connection or
 * request; each call builds a cheap `McpServer` that shares this long-lived state.
 */
export interface McpkitServer<Context> {
  readonly definition: ServerDefinition<Context>;
  readonly runtime: ServerRuntime<Context>;
  readonly factory: (request: McpRequestContext) => McpServer;
  /** The tools offered under the current configuration, sorted by name. */
  readonly tools: readonly Tool<Context>[];
  /** Publishes list and resource changes to every connected client, in either era, on any transport. */
  readonly notify: ChangeNotifier;
  /** Long-lived SDK instances and HTTP notifiers; used by the transports, not by tools. */
  readonly live: LiveInstances;
  isReady(): Promise<boolean>;
  /** Releases the context's resources. Idempotent. */
  close(): Promise<void>;
}

/**
 * The part of a server the transports need, independent of its context type (so a server of any
 * context can be served, connected in tests, or returned from a CLI spec).
 */
export type ServableServer = Pick<
  McpkitServer<unknown>,
  'factory' | 'live' | 'notify' | 'runtime' | 'tools' | 'isReady' | 'close'
>;

/** Binds a {@link ServerDefinition} to its long-lived context; nothing is served yet. */
export function createMcpkitServer<Context>(
  definition: ServerDefinition<Context>,
  options: McpkitServerOptions<Context>
): McpkitServer<Context> {
  const logger = options.logger ?? createLogger({ name: definition.name });
  const live = new LiveInstances(error => logger.warn({ err: error }, 'change notification failed'));
  const runtime: ServerRuntime<Context> = {
    name: definition.name,
    context: options.context,
    logger,
    auditor: createAuditor(logger),
    metrics: options.metrics ?? createNoopMetrics(),
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    notify: live
  };
  const tools = definition.tools
    .filter(tool => tool.isEnabled(options.context))
    .sort((left, right) => left.name.localeCompare(right.name));
  assertUniqueNames(tools.map(tool => tool.name));
  const prompts = (definition.prompts ?? []).map(prompt => preparePrompt(prompt, runtime));
  const resources = definition.resources ?? [];
  const instructions =
    typeof definition.instructions === 'function'
      ? definition.instructions(options.context)
      : definition.instructions;

  const extra = definition.serverOptions?.(options.context) ?? {};
  const serverOptions: McpServerOptions = {
    ...extra,
    ...(instructions === undefined ? {} : { instructions }),
    capabilities: {
      // MCP logging is deprecated in 2026-07-28 but still honoured for 2025-era clients.
      logging: {},
      ...(definition.resourceSubscriptions ? { resources: { subscribe: true, listChanged: true } } : {}),
      ...extra.capabilities
    }
  };

  const factory = (request: McpRequestContext): McpServer => {
    const server = new McpServer(
      {
        name: definition.name,
        version: definition.version,
        ...(definition.title ? { title: definition.title } : {})
      },
      serverOptions
    );
    const scope = { era: request.era, server };
    for (const tool of tools) {
      server.registerTool(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: jsonSchemaOnce(tool.input),
          outputSchema: jsonSchemaOnce(tool.output),
          annotations: { title: tool.title, ...tool.annotations }
        },
        (args: unknown, sdkContext: ServerContext) => runToolCall(tool, { args, sdkContext, scope }, runtime)
      );
    }
    for (const resource of resources) registerResource(server, resource, { runtime, scope });
    for (const prompt of prompts) registerPrompt(server, prompt, { runtime, scope });
    if (definition.resourceSubscriptions && request.era === 'legacy') {
      const watching = definition.resourceSubscriptions;
      registerSubscriptions(server, live, {
        watch:
          typeof watching === 'object'
            ? (uri: string) => watching.watch(uri, { context: options.context, notify: live })
            : undefined
      });
    }
    definition.configure?.(server, { request, context: options.context });
    return server;
  };

  let closing: Promise<void> | undefined;
  return {
    definition,
    runtime,
    factory,
    tools,
    notify: live,
    live,
    isReady: options.ready ?? (() => Promise.resolve(true)),
    close: () => (closing ??= options.close?.() ?? Promise.resolve())
  };
}

/** Bounds the per-connection subscription set a 2025-era client can grow. */
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1000;

function registerSubscriptions(
  server: McpServer,
  live: LiveInstances,
  watching: { watch: ((uri: string) => (() => void) | undefined) | undefined }
): void {
  // Only instances that outlive the request (stdio, 2025 HTTP sessions) are tracked; a stateless
  // one acknowledges the subscription but can never deliver an update.
  server.server.setRequestHandler('resources/subscribe', request => {
    const subscriptions = live.subscriptionsOf(server);
    if (
      subscriptions &&
      subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION &&
      !subscriptions.has(request.params.uri)
    ) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `This connection already watches ${MAX_SUBSCRIPTIONS_PER_CONNECTION} resources; unsubscribe from some first.`
      );
    }
    if (subscriptions && !subscriptions.has(request.params.uri)) {
      subscriptions.add(request.params.uri);
      const release = watching.watch?.(request.params.uri);
      if (release) live.keepWatcher(server, request.params.uri, release);
    }
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', request => {
    live.subscriptionsOf(server)?.delete(request.params.uri);
    live.releaseWatcher(server, request.params.uri);
    return {};
  });
}

function assertUniqueNames(names: readonly string[]): void {
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined)
    throw new TypeError(`Two tools are named "${duplicate}"; tool names must be unique.`);
}
