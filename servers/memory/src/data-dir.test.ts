import { homedir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultDatabasePath } from './data-dir.js';

describe('defaultDatabasePath', () => {
  const home = homedir();

  it('uses XDG_DATA_HOME on Linux when it is an absolute path', () => {
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/mcpkit-memory/memory.db');
  });

  it.each(['', 'relative/dir', '.'])(
    'reads XDG_DATA_HOME=%j as unset, as the XDG specification says',
    value => {
      expect(defaultDatabasePath({ XDG_DATA_HOME: value }, 'linux')).toBe(
        join(home, '.local', 'share', 'mcpkit-memory', 'memory.db')
      );
    }
  );

  it('uses Application Support on macOS and APPDATA on Windows (ignoring an empty one)', () => {
    expect(defaultDatabasePath({}, 'darwin')).toBe(
      join(home, 'Library', 'Application Support', 'mcpkit-memory', 'memory.db')
    );
    expect(defaultDatabasePath({ APPDATA: '' }, 'win32')).toBe(
      join(home, 'AppData', 'Roaming', 'mcpkit-memory', 'memory.db')
    );
  });
});
