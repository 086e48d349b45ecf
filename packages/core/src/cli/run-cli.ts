import type { z } from 'zod';

import { createLogger, createNoopMetrics, flushLogger } from '@mcpkit/observability';
import type { Logger, Metrics } from '@mcpkit/observability';

import { ConfigError } from '../errors/config-error.js';
import { McpkitError } from '../errors/mcpkit-error.js';
import type { ServableServer } from '../server/create-server.js';
import { serveStdioServer } from '../stdio/serve-stdio.js';
import { commonOptionsSchema } from './common-options.js';
import type { CommonOptions } from './common-options.js';
import { helpText } from './help-text.js';
import { describeIssues, loadOptions } from './load-options.js';

/** What a server's `cli.ts` declares; {@link runCli} does the rest. */
export interface CliSpec<Options extends z.ZodObject> {
  /** The bin name, e.g. `mcpkit-filesystem`. */
  name: string;
  version: string;
  /** One paragraph for `--help`. */
  description: string;
  /** Environment variable prefix, e.g. `MCPKIT_FILESYSTEM`. */
  envPrefix: string;
  /** The server's own options (each described and bounded), added to the common ones. */
  options: Options;
  /** The option of `options` that receives positional arguments. */
  positionals?: keyof z.output<Options> & string;
  /**
   * Builds the server once per process from validated options; pass `runtime` on to
   * createMcpkitServer. Throw ConfigError for bad combinations.
   */
  create(options: z.output<Options> & CommonOptions, runtime: CliRuntime): Promise<ServableServer>;
}

/** What the runner hands a server's `create`: its logger, and metrics kept when served over HTTP. */
export interface CliRuntime {
  logger: Logger;
  metrics: Metrics;
  /** The common `--max-output-bytes`: spread the runtime into createMcpkitServer's options and it applies. */
  maxOutputBytes: number;
}

/** Exit code for invalid configuration (usage error). */
export const EXIT_INVALID_CONFIG = 2;

/**
 * How long a graceful shutdown may take before the process exits anyway: longer than the HTTP
 * server's drain of requests in flight (10 s), so that drain is never cut short.
 */
const SHUTDOWN_DEADLINE_MS = 15_000;

/** The signals that end a server: the first gracefully, a second at once (exit code 128 + n). */
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Runs a server process: loads and validates options (argv, env, `--config`), serves over stdio or
 * HTTP, and shuts down gracefully on SIGINT/SIGTERM or when stdin closes. Bad configuration prints a
 * message naming the option and exits with code 2.
 */
export async function runCli<Options extends z.ZodObject>(
  spec: CliSpec<Options>,
  process_: Pick<NodeJS.Process, 'argv' | 'env' | 'stdout' | 'stderr' | 'exit' | 'on'> = process
): Promise<void> {
  const schema = commonOptionsSchema.extend(spec.options.shape);
  let options: z.output<Options> & CommonOptions;
  try {
    const loaded = loadOptions(schema, {
      argv: process_.argv.slice(2),
      env: process_.env,
      envPrefix: spec.envPrefix,
      ...(spec.positionals ? { positionals: spec.positionals } : {})
    });
    if (loaded.help || loaded.version) {
      // Asked for on the command line, so answered where a shell and `| less` expect it; nothing is
      // served, so stdout carries no protocol here.
      process_.stdout.write(`${loaded.help ? helpText(spec, schema) : spec.version}\n`);
      return;
    }
    options = loaded.options as z.output<Options> & CommonOptions;
    // extend() keeps the fields but drops the server's own cross-field refinements: apply them here.
    const own = spec.options.safeParse(
      Object.fromEntries(
        Object.keys(spec.options.shape).map(key => [key, (options as Record<string, unknown>)[key]])
      )
    );
    if (!own.success) throw new ConfigError(describeIssues(own.error.issues, spec.envPrefix));
  } catch (error) {
    return fail(error, spec.name, process_);
  }

  // A host that dies leaves stderr broken: nobody is left to serve (see shutdown below).
  const logger = createLogger({
    name: spec.name,
    level: options.logLevel,
    onBroken: () => void shutdown('stderr closed')
  });
  let close: (() => Promise<void>) | undefined;
  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    // Whatever close() waits on, the process ends in bounded time.
    setTimeout(() => {
      logger.error({ reason, deadline_ms: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long: exiting anyway');
      void flushLogger(logger).finally(() => process_.exit(1));
    }, SHUTDOWN_DEADLINE_MS).unref();
    logger.info({ reason }, 'shutting down');
    try {
      await close?.();
      logger.info('exited cleanly');
      await flushLogger(logger);
      process_.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      await flushLogger(logger);
      process_.exit(1);
    }
  }

  try {
    // HTTP-only machinery (the Node adapter, prom-client) loads only when serving HTTP: a stdio
    // server starts without it.
    const http = options.transport === 'http' ? await import('../http/http-server.js') : undefined;
    const metrics = http
      ? (await import('@mcpkit/observability/prometheus')).createPrometheusMetrics({
          defaultLabels: { server: spec.name }
        })
      : createNoopMetrics();
    const server = await spec.create(options, { logger, metrics, maxOutputBytes: options.maxOutputBytes });
    if (http) {
      // Only the HTTP settings: a server option that happens to share a name (say `path`) must not
      // reconfigure the endpoint.
      const handle = await http.startHttpServer(server, {
        host: options.host,
        port: options.port,
        allowRemote: options.allowRemote,
        allowedHosts: options.allowedHosts,
        allowedOrigins: options.allowedOrigins,
        maxRequestBytes: options.maxRequestBytes
      });
      close = () => handle.close();
    } else {
      const stdio = serveStdioServer(server);
      close = () => stdio.close();
      // The client is done: its input ended and what it asked was answered, or stdin or stdout broke.
      void stdio.finished.then(() => shutdown('stdio closed'));
    }
  } catch (error) {
    if (ConfigError.isInstance(error) || (McpkitError.isInstance(error) && error.code === 'INVALID_CONFIG')) {
      return fail(error, spec.name, process_);
    }
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      // One line and no stack: what is wrong and the option that fixes it.
      process_.stderr.write(
        `${spec.name} could not start: port ${options.port} on ${options.host} is in use; pick another with --port (or ${spec.envPrefix}_PORT), or 0 for any free port.\n`
      );
      await flushLogger(logger);
      process_.exit(1);
      return;
    }
    // One plain line first: a host shows stderr as it is, and a JSON log line is hard to read there.
    process_.stderr.write(
      `${spec.name} could not start: ${error instanceof Error ? error.message : String(error)}\n`
    );
    logger.fatal({ err: error }, 'failed to start');
    await flushLogger(logger);
    process_.exit(1);
    return;
  }
  logger.info({ transport: options.transport, version: spec.version }, 'started');

  for (const [signal, number] of Object.entries(SIGNALS)) {
    process_.on(signal, () => {
      if (!stopping) return void shutdown(signal);
      // Asked twice: the caller means now.
      logger.warn({ signal }, 'asked again to stop: exiting now');
      void flushLogger(logger).finally(() => process_.exit(128 + number));
    });
  }
}

function fail(error: unknown, name: string, process_: Pick<NodeJS.Process, 'stderr' | 'exit'>): void {
  const message = error instanceof Error ? error.message : String(error);
  process_.stderr.write(`${name}: ${message}\n`);
  process_.exit(EXIT_INVALID_CONFIG);
}
