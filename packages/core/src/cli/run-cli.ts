import type { z } from 'zod';

import { createLogger } from '@mcpkit/observability';
import type { Logger } from '@mcpkit/observability';

import { ConfigError } from '../errors/config-error.js';
import { McpkitError } from '../errors/mcpkit-error.js';
import { startHttpServer } from '../http/http-server.js';
import type { ServableServer } from '../server/create-server.js';
import { serveStdioServer } from '../stdio/serve-stdio.js';
import { commonOptionsSchema } from './common-options.js';
import type { CommonOptions } from './common-options.js';
import { helpText } from './help-text.js';
import { loadOptions } from './load-options.js';

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
  /** Builds the server once per process from validated options. Throw ConfigError for bad combinations. */
  create(options: z.output<Options> & CommonOptions, logger: Logger): Promise<ServableServer>;
}

/** Exit code for invalid configuration (usage error). */
export const EXIT_INVALID_CONFIG = 2;

/**
 * Runs a server process: loads and validates options (argv, env, `--config`), serves over stdio or
 * HTTP, and shuts down gracefully on SIGINT/SIGTERM or when stdin closes. Bad configuration prints a
 * message naming the option and exits with code 2.
 */
export async function runCli<Options extends z.ZodObject>(
  spec: CliSpec<Options>,
  process_: Pick<NodeJS.Process, 'argv' | 'env' | 'stderr' | 'stdin' | 'exit' | 'once'> = process
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
      process_.stderr.write(`${loaded.help ? helpText(spec, schema) : spec.version}\n`);
      return;
    }
    options = loaded.options as z.output<Options> & CommonOptions;
  } catch (error) {
    return fail(error, spec.name, process_);
  }

  const logger = createLogger({ name: spec.name, level: options.logLevel });
  let close: () => Promise<void>;
  try {
    const server = await spec.create(options, logger);
    if (options.transport === 'http') {
      const http = await startHttpServer(server, options);
      close = () => http.close();
    } else {
      const stdio = serveStdioServer(server);
      close = () => stdio.close();
      process_.stdin.once('end', () => void shutdown('stdin closed'));
    }
  } catch (error) {
    if (ConfigError.isInstance(error) || (McpkitError.isInstance(error) && error.code === 'INVALID_CONFIG')) {
      return fail(error, spec.name, process_);
    }
    logger.fatal({ err: error }, 'failed to start');
    process_.exit(1);
    return;
  }
  logger.info({ transport: options.transport, version: spec.version }, 'started');

  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    try {
      await close();
      process_.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process_.exit(1);
    }
  }
  process_.once('SIGINT', () => void shutdown('SIGINT'));
  process_.once('SIGTERM', () => void shutdown('SIGTERM'));
}

function fail(error: unknown, name: string, process_: Pick<NodeJS.Process, 'stderr' | 'exit'>): void {
  const message = error instanceof Error ? error.message : String(error);
  process_.stderr.write(`${name}: ${message}\n`);
  process_.exit(EXIT_INVALID_CONFIG);
}
