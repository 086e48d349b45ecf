// @mcpkit/core/http: Streamable HTTP serving, kept apart so a stdio server never loads it.
export { createHttpHandler } from './http/http-handler.js';
export { startHttpServer } from './http/http-server.js';
export type { HttpServerHandle, HttpServerOptions } from './http/http-server.js';
export type { LegacySessionOptions } from './http/legacy-sessions.js';
