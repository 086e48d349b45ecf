import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SqliteUnavailableError, loadSqliteDriver } from '../src/store/sqlite-driver.js';
import { createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';
import { startRaw } from './stdio-driver.js';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');
const HOOK = join(import.meta.dirname, 'fixtures/without-native-sqlite.mjs');

describe('where better-sqlite3 cannot load', () => {
  let location: TestLocation;
  beforeAll(async () => {
    location = await createTestLocation('postgres');
  });
  afterAll(() => location.cleanup());

  it.each([
    ['missing', /it is not installed.*python3, make and a C\+\+ compiler/],
    ['abi', /built for another Node\.js version than this one.*npx cache/]
  ])('the SQLite default exits at once saying what failed and what to do (%s)', (failure, reason) => {
    const result = spawnSync(
      process.execPath,
      ['--import', HOOK, BIN, '--database-url', join(location.directory, 'x.db')],
      {
        encoding: 'utf8',
        input: '',
        env: { ...process.env, MCPKIT_TEST_SQLITE_FAILURE: failure },
        timeout: 20_000
      }
    );
    expect(result.status).toBe(1);
    const first = result.stderr.split('\n')[0] ?? '';
    expect(first).toMatch(
      /^mcpkit-memory could not start: The SQLite driver \(better-sqlite3\) could not be loaded/
    );
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/--database-url postgres:\/\//);
    expect(result.stdout).toBe('');
  });

  it('a PostgreSQL store starts and serves without it', async () => {
    const server = await startRaw({
      args: ['--import', HOOK, BIN, '--database-url', location.url],
      env: { MCPKIT_TEST_SQLITE_FAILURE: 'missing' }
    });
    try {
      const created = await server.call('create_entities', {
        entities: [{ name: 'Ada', entityType: 'person', observations: [] }]
      });
      expect(created.isError ?? false).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it('explains each way the addon fails to load, and tries again on the next open', async () => {
    const failing = (message: string, code?: string) => () =>
      Promise.reject(Object.assign(new Error(message), code === undefined ? {} : { code }));
    const cases: [() => Promise<unknown>, RegExp][] = [
      [failing("Cannot find module 'better-sqlite3'", 'MODULE_NOT_FOUND'), /not installed/],
      [
        failing('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'),
        /another Node\.js version/
      ],
      [failing('Could not locate the bindings file. Tried: …'), /missing or built for another platform/],
      [failing('something else entirely'), /loading it failed.*something else entirely/s]
    ];
    for (const [importDriver, message] of cases) {
      const error = await loadSqliteDriver(importDriver).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SqliteUnavailableError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
