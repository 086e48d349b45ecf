import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the memory database lives by default: the user's data directory (XDG on Linux, Application
 * Support on macOS, AppData on Windows), never inside the installed package (which the official
 * server uses, so its data vanishes with the npx cache).
 */
export function defaultDatabasePath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform
): string {
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'));
  return join(base, 'mcpkit-memory', 'memory.db');
}
