import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { searchPage } from '../src/pages/search-page.js';
import type { OpenDatabase } from '../src/store/database.js';
import { GraphStore } from '../src/store/graph-store.js';
import type { Entity } from '../src/store/graph.js';
import { queryTerms } from '../src/store/search/query-terms.js';
import { rankedSearch } from '../src/store/search/ranked-search.js';
import type { SearchKey } from '../src/store/search/ranked-search.js';
import { startsWord } from '../src/store/search/word-start.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/**
 * The ranking, written out plainly over the whole graph: what every fast path must return, in
 * the same order. Tier: the name, the type or an observation contains the folded query (as the
 * official search's `includes`), else every word starts a word somewhere; then more query words
 * in the name; then the most recently changed; then creation order.
 */
function reference(
  entities: readonly { id: number; updatedAt: string; entity: Entity }[],
  query: string
): number[] {
  const terms = queryTerms(query);
  const scored = entities.flatMap(({ id, updatedAt, entity }) => {
    const name = entity.name.toLowerCase();
    const type = entity.entityType.toLowerCase();
    const observations = entity.observations.map(text => text.toLowerCase());
    const tier = name.includes(terms.text)
      ? 3
      : type.includes(terms.text)
        ? 2
        : observations.some(text => text.includes(terms.text))
          ? 1
          : terms.wordsTier &&
              terms.words.every(word => [name, type, ...observations].some(text => startsWord(text, word)))
            ? 0
            : -1;
    if (tier < 0) return [];
    return [{ id, updatedAt, tier, nameWords: terms.words.filter(word => name.includes(word)).length }];
  });
  scored.sort(
    (left, right) =>
      right.tier - left.tier ||
      right.nameWords - left.nameWords ||
      (left.updatedAt > right.updatedAt ? -1 : left.updatedAt < right.updatedAt ? 1 : 0) ||
      left.id - right.id
  );
  return scored.map(item => item.id);
}

/** A deterministic random graph whose words are skewed: some are everywhere, some rare. */
function randomGraph(seed: number, size: number): Entity[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() ** 2 * items.length)] as T;
  const vocabulary = [
    'on',
    'project',
    'works',
    'alice',
    'bob',
    'coffee',
    'berlin',
    'e',
    'zeta',
    'ab',
    'person',
    'the',
    'notes',
    'Émile',
    'über',
    'x1',
    'works on',
    'ON'
  ];
  const phrase = (words: number) =>
    Array.from({ length: words }, () => pick(vocabulary)).join(next() < 0.2 ? '-' : ' ');
  return Array.from({ length: size }, (_, index) => ({
    name: `${phrase(1 + Math.floor(next() * 3))} ${index}`,
    entityType: pick(['person', 'project', 'place', 'Person', 'thing one']),
    observations: Array.from({ length: Math.floor(next() * 4) }, () => phrase(1 + Math.floor(next() * 6)))
  }));
}

const QUERIES = [
  'e',
  'on',
  'project',
  'person',
  'works on',
  'alice coffee',
  'zeta',
  'ab',
  'x1 zeta',
  'ÉMILE',
  'über notes',
  'on e',
  'nothing-here',
  'the works',
  'bob ab on',
  '-',
  'PROJECT Person'
];

describe.each(ENGINES)('ranked search on %s', engine => {
  let location: TestLocation;
  let database: OpenDatabase;
  const namespace = `rank-${randomUUID().slice(0, 8)}`;
  let rows: { id: number; updatedAt: string; entity: Entity }[];

  beforeAll(async () => {
    location = await createTestLocation(engine);
    database = await location.open();
    const store = new GraphStore(database);
    // Several batches at distinct times, then updates, so recency differs from creation order.
    const graph = randomGraph(7, 1500);
    for (let start = 0; start < graph.length; start += 300) {
      await store.createEntities(namespace, graph.slice(start, start + 300));
      await new Promise(resolve => setTimeout(resolve, 3));
    }
    for (let index = 0; index < 200; index += 7) {
      await store.addObservations(namespace, [
        { entityName: graph[index * 5]!.name, contents: [`later ${index} works on e`] }
      ]);
    }
    // Another namespace with the same words must change nothing.
    await store.createEntities(`${namespace}-other`, randomGraph(8, 300));
    const entities = await database.db
      .selectFrom('entities')
      .select(['id', 'name', 'updated_at'])
      .where('namespace', '=', namespace)
      .execute();
    const full = new Map((await store.readGraph(namespace)).entities.map(entity => [entity.name, entity]));
    rows = entities.map(row => ({
      id: Number(row.id),
      updatedAt: row.updated_at,
      entity: full.get(row.name)!
    }));
  });
  afterAll(async () => {
    await database.close();
    await location.cleanup();
  });

  // The shipped tuning, and one so small that lookups fail and walks run long on this graph.
  const tunings = [
    undefined,
    { indexedCap: 40, checkedCap: 15, firstWindow: 8, scanRoom: 128, lookUpFrom: 0 }
  ];
  // Each read from the database and from the namespace's index in memory.
  const sources = ['database', 'memory'] as const;
  it.each(
    QUERIES.flatMap(query => tunings.flatMap(tuning => sources.map(source => ({ query, tuning, source }))))
  )(
    'returns the reference ranking for $query from the $source, page by page (tuning $tuning)',
    async ({ query, tuning, source }) => {
      const expected = reference(rows, query);
      const seen: number[] = [];
      let after: SearchKey | undefined;
      for (let pages = 0; pages < 200; pages++) {
        const { hits, more } = await rankedSearch(database, {
          namespace,
          terms: queryTerms(query),
          ...(after === undefined ? {} : { after }),
          count: 37,
          ...(tuning === undefined ? {} : { tuning }),
          source
        });
        seen.push(...hits.map(hit => hit.id));
        if (!more) break;
        after = hits.at(-1);
      }
      expect(seen).toEqual(expected);
    }
  );

  it('pages a search within the budget, cutting nothing the walk does not continue', async () => {
    const expected = reference(rows, 'works');
    const names: string[] = [];
    let position: Parameters<typeof searchPage>[1]['position'];
    for (let pages = 0; pages < 500; pages++) {
      const { page, next } = await searchPage(database, {
        namespace,
        query: 'works',
        ...(position === undefined ? {} : { position }),
        limit: 50,
        maxOutputBytes: 32_768,
        mode: 'full'
      });
      for (const entity of page.entities)
        if (entity.firstObservationContinued === undefined && entity.observationsFrom === undefined)
          names.push(entity.name);
      if (next === undefined) break;
      position = next;
    }
    const byId = new Map(rows.map(row => [row.id, row.entity.name]));
    expect(names).toEqual(expected.map(id => byId.get(id)));
  });
});
