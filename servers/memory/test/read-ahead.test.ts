import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OpenDatabase } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';
import { entitiesByIds } from '../src/store/reads/entity-rows.js';
import { entitiesReadAhead, readAhead } from '../src/store/reads/observation-stream.js';
import { createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

describe('entitiesReadAhead on postgres', () => {
  let location: TestLocation;
  let store: OpenDatabase;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    location = await createTestLocation('postgres');
    store = await location.open();
    await new GraphStore(store).createEntities('n', [
      { name: 'None', entityType: 'empty', observations: [] },
      { name: 'Few', entityType: 't', observations: ['one', 'two', 'three'] },
      {
        name: 'Many',
        entityType: 't',
        observations: Array.from({ length: 12 }, (_, index) => `note ${index}`)
      },
      { name: 'Long', entityType: 't', observations: ['short', 'x'.repeat(10_000), 'after'] }
    ]);
    const rows = await store.db.selectFrom('entities').select(['id', 'name']).execute();
    for (const row of rows) ids.set(row.name, Number(row.id));
  });
  afterAll(async () => {
    await store.close();
    await location.cleanup();
  });

  it('reads what entitiesByIds and readAhead read apart, in one statement, for every kind of entity', async () => {
    const few = await store.db
      .selectFrom('observations')
      .select('id')
      .where('entity_id', '=', ids.get('Few')!)
      .orderBy('id')
      .execute();
    const wanted = [
      { entityId: ids.get('None')!, fromId: 0 },
      // From its second observation on, as a page that continues inside it asks.
      { entityId: ids.get('Few')!, fromId: Number(few[1]!.id) },
      { entityId: ids.get('Many')!, fromId: 0 },
      { entityId: ids.get('Long')!, fromId: 0 },
      // Gone since the search found it.
      { entityId: 999_999, fromId: 0 }
    ];
    const statements: string[] = [];
    const counted = await location.open({ onQuery: event => statements.push(event.sql) });
    try {
      statements.length = 0;
      const together = await entitiesReadAhead(counted.db, wanted, 'n');
      expect(statements).toHaveLength(1);
      const rows = await entitiesByIds(
        store,
        wanted.map(entry => entry.entityId),
        'n'
      );
      expect(together.rows).toEqual(rows);
      expect([...together.rows.values()].map(row => row.name).sort()).toEqual([
        'Few',
        'Long',
        'Many',
        'None'
      ]);
      expect(together.ahead).toEqual(await readAhead(store, wanted));
      expect(together.ahead.get(ids.get('None')!)).toEqual({ rows: [], complete: true });
      expect(together.ahead.get(ids.get('Few')!)?.rows.map(row => row.content)).toEqual(['two', 'three']);
      expect(together.ahead.get(ids.get('Many')!)?.complete).toBe(false);
      expect(together.ahead.get(ids.get('Long')!)).toMatchObject({
        rows: [{ content: 'short' }],
        complete: false
      });
    } finally {
      await counted.close();
    }
  });
});
