import type { McpRequestContext, McpServer, McpServerOptions } from '@modelcontextprotocol/server';

import type { PromptDefinition } from '../prompt/define-prompt.js';
import type { ResourceDefinition } from '../resource/define-resource.js';
import type { Tool } from '../tool/define-tool.js';
import type { ChangeNotifier } from './live-instances.js';

/** Everything a server offers, independent of how it is served. */
export interface ServerDefinition<Context> {
  /** The implementation name reported to clients (e.g. `mcpkit-filesystem`). */
  name: string;
  version: string;
  title?: string;
  /** Guidance for the model on how to use the server's tools together. */
  instructions?: string | ((context: Context) => string);
  tools: readonly Tool<Context>[];
  resources?: readonly ResourceDefinition<Context>[];
  prompts?: readonly PromptDefinition<Context>[];
  /**
   * Serve `resources/subscribe` for 2025-era clients (2026-07-28 clients use `subscriptions/listen`,
   * which the SDK serves). Publish changes with `server.notify.resourceUpdated(uri)`.
   */
  resourceSubscriptions?: boolean | ResourceWatching<Context>;
  /** Extra SDK server options (capabilities, request-state verification), merged over mcpkit's. */
  serverOptions?: (context: Context) => McpServerOptions;
  /**
   * Escape hatch for protocol features the definitions above do not cover (e.g. resource
   * subscriptions): called on every SDK instance after registration.
   */
  configure?: (server: McpServer, options: { request: McpRequestContext; context: Context }) => void;
}

/**
 * Watches what a 2025-era client subscribes to, so changes made outside the server reach it: `watch`
 * starts watching `uri` and returns the function that stops it (called on unsubscribe or when the
 * connection closes), or undefined when the URI cannot be watched.
 */
export interface ResourceWatching<Context> {
  watch(uri: string, options: { context: Context; notify: ChangeNotifier }): (() => void) | undefined;
}
