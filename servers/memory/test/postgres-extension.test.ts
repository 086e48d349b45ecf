import { randomBytes } from 'node:crypto';

import { createTempPostgresDatabase } from '@mcpkit/testing';
import type { TempPostgresDatabase } from '@mcpkit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { searchPage } from '../src/pages/search-page.js';
import { openDatabase } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';

/** A role that may create tables in the database but not extensions (CREATE on the database). */
describe('PostgreSQL without pg_trgm', () => {
  let database: TempPostgresDatabase;
  const role = `mcpkit_no_ext_${randomBytes(4).toString('hex')}`;
  const admin = async (statements: string[], url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createTempPostgresDatabase();
    await admin([`create role ${role} login`, `grant all on schema public to ${role}`], database.url);
  });
  afterAll(async () => {
    await database.drop();
    await admin([`drop role if exists ${role}`], database.url.replace(/\/[^/]*$/, '/test'));
  });

  it('says so once at start, and searches by scanning with the same results', async () => {
    const url = new URL(database.url);
    url.username = role;
    const warnings: string[] = [];
    const store = await openDatabase(url.toString(), {
      logger: { warn: (_details, message) => warnings.push(message) }
    });
    try {
      expect(store.trigramIndexes).toBe(false);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /pg_trgm is not available.*create extension pg_trgm.*next start creates the indexes/
      );
      const graph = new GraphStore(store);
      await graph.createEntities('n', [
        { name: 'Alice', entityType: 'person', observations: ['drinks coffee'] },
        { name: 'Coffee shop', entityType: 'place', observations: [] }
      ]);
      const found = await searchPage(store, {
        namespace: 'n',
        query: 'coffee',
        limit: 5,
        maxOutputBytes: 65_536,
        mode: 'names'
      });
      expect(found.page.entities.map(entity => entity.name)).toEqual(['Coffee shop', 'Alice']);
      // Searching again logs nothing more.
      await searchPage(store, {
        namespace: 'n',
        query: 'alice',
        limit: 5,
        maxOutputBytes: 65_536,
        mode: 'names'
      });
      expect(warnings).toHaveLength(1);
    } finally {
      await store.close();
    }
    // Once an administrator installs it, the next start creates the indexes.
    await admin(['create extension if not exists pg_trgm'], database.url);
    const again = await openDatabase(url.toString(), {
      logger: { warn: (_details, message) => warnings.push(message) }
    });
    try {
      expect(again.trigramIndexes).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(await pendingListLimits(database.url)).toEqual(BOUNDED);
    } finally {
      await again.close();
    }
  });

  it('bounds what GIN queues for a lookup to read, on indexes the migration made', async () => {
    const fresh = await createTempPostgresDatabase();
    try {
      await (await openDatabase(fresh.url)).close();
      expect(await pendingListLimits(fresh.url)).toEqual(BOUNDED);
    } finally {
      await fresh.drop();
    }
  });

  const BOUNDED = {
    entities_name_search: ['gin_pending_list_limit=256'],
    observations_search: ['gin_pending_list_limit=256']
  };

  /** Each trigram index's storage options. */
  async function pendingListLimits(url: string): Promise<Record<string, unknown>> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ relname: string; reloptions: string[] | null }>(
        `select relname, reloptions from pg_class
          where relname in ('entities_name_search', 'observations_search') order by relname`
      );
      return Object.fromEntries(rows.map(row => [row.relname, row.reloptions]));
    } finally {
      await client.end();
    }
  }
});
