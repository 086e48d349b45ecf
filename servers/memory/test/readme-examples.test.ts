import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { searchPage } from '../src/pages/search-page.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** The README's search examples, as it states them: if one changes, this fails. */
describe.each(ENGINES)("the README's search examples on %s", engine => {
  let location: TestLocation;
  let database: OpenDatabase;
  beforeAll(async () => {
    location = await createTestLocation(engine);
    database = await location.open();
    await new GraphStore(database).createEntities('readme', [
      { name: 'Alice', entityType: 'person', observations: ['drinks coffee every morning'] }
    ]);
  });
  afterAll(async () => {
    await database.close();
    await location.cleanup();
  });

  const finds = async (query: string) =>
    (
      await searchPage(database, {
        namespace: 'readme',
        query,
        limit: 5,
        maxOutputBytes: 65_536,
        mode: 'names'
      })
    ).page.entities.map(entity => entity.name);

  it.each(['coffee morning', 'ALICE', 'lice', 'alice coffee', 'coff alice'])(
    '%j finds Alice',
    async query => {
      expect(await finds(query)).toEqual(['Alice']);
    }
  );

  it('"coffee lice" does not', async () => {
    expect(await finds('coffee lice')).toEqual([]);
  });
});
