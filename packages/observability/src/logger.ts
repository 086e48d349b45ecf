import { pino } from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';

import { redactSecrets, redactValue } from './redact.js';
import { StderrLines } from './stderr-lines.js';

/** Log levels accepted by {@link createLogger}, most to least verbose; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The structured logger every mcpkit package receives; a pino logger. */
export type Logger = PinoLogger;

export interface LoggerOptions {
  /** Component name put on every line (the server's package or bin name). */
  name: string;
  /** Minimum level written. Default `info`. */
  level?: LogLevel;
  /**
   * Where lines go. Default: stderr (fd 2) — stdout is the MCP stdio protocol channel and must never
   * carry a log line. Tests pass a stream to capture lines.
   */
  destination?: DestinationStream;
  /**
   * Called once if stderr (the default destination) breaks: its reader is gone, or it refused
   * writes for about a second. Lines after it are dropped. A host that dies leaves stderr so, and
   * runCli ends the process then.
   */
  onBroken?: (error: Error) => void;
}

/**
 * Creates the JSON logger for a server process: one JSON object per line on stderr. Fields are
 * redacted by key and value ({@link redactValue}, long strings cut), then the whole finished line
 * is redacted as text ({@link redactSecrets}), so no secret is written whichever way it was logged.
 */
export function createLogger(options: LoggerOptions): Logger {
  // Asynchronous writes keep a blocking syscall per log line out of every tool call; call
  // flushLogger before the process exits so nothing buffered is lost.
  const destination = options.destination ?? new StderrLines(options.onBroken);
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { pid: process.pid },
      formatters: {
        level: label => ({ level: label }),
        log: object => redactValue(object) as Record<string, unknown>
      },
      serializers: { err: error => redactValue(error), error: error => redactValue(error) },
      hooks: {
        // The last line of defence: messages, child bindings and %j/%o interpolations never pass
        // through the formatters above, so the finished line is redacted as text.
        streamWrite: line => redactSecrets(line)
      }
    },
    destination
  );
}

/**
 * Writes out whatever the logger still buffers; await it before the process exits. It never
 * waits on a stderr nobody reads for more than about a second.
 */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise(resolve => logger.flush(() => resolve()));
}
