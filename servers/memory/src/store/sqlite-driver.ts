import type BetterSqlite3 from 'better-sqlite3';

import { McpkitError } from '@mcpkit/core';

/** The better-sqlite3 constructor, as `openDatabase` uses it. */
export type SqliteConstructor = typeof BetterSqlite3;

/**
 * better-sqlite3 is a native addon and an optional dependency: an install without a prebuilt
 * binary for the platform and without a compiler goes on without it, and a PostgreSQL user never
 * needs it. This error says which of the known ways it failed to load and what fixes that.
 */
export class SqliteUnavailableError extends McpkitError {
  static override readonly brand: string = 'mcpkit.memory.sqlite-unavailable';

  constructor(cause: unknown) {
    super('SQLITE_UNAVAILABLE', explain(cause), { cause });
    this.name = 'SqliteUnavailableError';
  }
}

let loaded: Promise<SqliteConstructor> | undefined;

/** Loads better-sqlite3 on first use (so neither a PostgreSQL store nor `--help` loads it). */
export function loadSqliteDriver(
  importDriver: () => Promise<unknown> = () => import('better-sqlite3')
): Promise<SqliteConstructor> {
  loaded ??= importDriver().then(
    module => (module as { default: SqliteConstructor }).default,
    (error: unknown) => {
      loaded = undefined;
      throw new SqliteUnavailableError(error);
    }
  );
  return loaded;
}

function explain(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reason =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(message)
      ? 'it is not installed: its install step found no prebuilt binary for this platform and could not compile one (that needs python3, make and a C++ compiler)'
      : /NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)
        ? `it was built for another Node.js version than this one (${process.version}), typically an npx cache reused after a Node.js upgrade`
        : /Could not locate the bindings file|invalid ELF header|wrong ELF class|image not found|not a valid Win32/.test(
              message
            )
          ? 'its compiled binary is missing or built for another platform'
          : 'loading it failed';
  return [
    `The SQLite driver (better-sqlite3) could not be loaded: ${reason}.`,
    `Node.js said: ${message.split('\n')[0]}`,
    'To fix it: clear the npx cache (delete ~/.npm/_npx) and start again, or run `npm rebuild better-sqlite3` where the server is installed (with python3, make and a C++ compiler available); or use PostgreSQL instead with --database-url postgres://…, which needs no native module.'
  ].join('\n');
}
