import { createTempDir } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../src/store/database.js';

describe('openDatabase', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir();
  });
  afterAll(() => dir.cleanup());

  it('refuses, at once and saying what to do, a store a newer version migrated', async () => {
    const path = dir.resolve('newer.db');
    const first = await openDatabase(path);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-future', '2030-01-01')`.execute(
      first.db
    );
    await first.close();
    const started = performance.now();
    await expect(openDatabase(path)).rejects.toThrow(
      /newer @mcpkit\/server-memory \(it has migration 9999-future.*Upgrade this server/
    );
    // No retries for this: they cannot help.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
