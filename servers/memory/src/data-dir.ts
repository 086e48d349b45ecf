import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the memory database lives by default: the user's data directory (XDG on Linux, Application
 * Support on macOS, AppData on Windows), never inside the installed package (which the official
 * server uses, so its data vanishes with the npx cache). An empty or relative `XDG_DATA_HOME` (or
 * `APPDATA`) is ignored, as the XDG specification says, rather than read as the working directory.
 */
export function defaultDatabasePath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform
): string {
  const usable = (value: string | undefined) =>
    value !== undefined && isAbsolute(value) ? value : undefined;
  const base =
    platform === 'win32'
      ? (usable(env.APPDATA) ?? join(homedir(), 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (usable(env.XDG_DATA_HOME) ?? join(homedir(), '.local', 'share'));
  return join(base, 'mcpkit-memory', 'memory.db');
}
