import type { OpenDatabase } from '../store/database.js';
import type { EntityRow } from '../store/reads/entity-rows.js';
import { entitiesReadAhead } from '../store/reads/observation-stream.js';
import type { ReadAhead } from '../store/reads/observation-stream.js';
import { entitiesByIds } from '../store/reads/entity-rows.js';
import { relationsTouching } from '../store/reads/relation-rows.js';
import { queryTerms } from '../store/search/query-terms.js';
import type { RelationRow } from '../store/reads/relation-rows.js';
import { searchPageRead } from '../store/reads/search-page-read.js';
import type { SearchPageRead } from '../store/reads/search-page-read.js';
import type { QueryTerms } from '../store/search/query-terms.js';
import type { SearchKey } from '../store/search/ranked-search.js';
import { namespaceVersion } from '../store/search/memory/index-loader.js';
import { rankedSearch, searchIndex } from '../store/search/ranked-search.js';
import { AHEAD_ENTITIES, fillEntities } from './fill-entities.js';
import type { GraphPage, ReadMode } from './page-writer.js';
import { PageWriter } from './page-writer.js';
import type { InsideEntity } from './positions.js';

/**
 * The entities a page shows, and in full mode on PostgreSQL the first observations of the first
 * of them, read in the same statement (see entitiesReadAhead).
 */
async function entitiesOfPage(
  store: OpenDatabase,
  ids: readonly number[],
  options: { namespace: string; mode: ReadMode; inside: InsideEntity | undefined }
): Promise<{ rows: Map<number, EntityRow>; ahead?: Map<number, ReadAhead> }> {
  const distinct = [...new Set(ids)];
  if (store.engine !== 'postgres' || options.mode !== 'full' || distinct.length === 0)
    return { rows: await entitiesByIds(store, distinct, options.namespace) };
  const first = distinct.slice(0, AHEAD_ENTITIES);
  const [read, rest] = await Promise.all([
    entitiesReadAhead(
      store.db,
      first.map(entityId => ({
        entityId,
        fromId: entityId === options.inside?.entityId ? (options.inside.observationId ?? 0) : 0
      })),
      options.namespace
    ),
    distinct.length > first.length
      ? entitiesByIds(store, distinct.slice(first.length), options.namespace)
      : undefined
  ]);
  for (const [id, row] of rest ?? []) read.rows.set(id, row);
  return read;
}

/** Relations a search page reads at most (a page of the default budget holds far fewer). */
const RELATIONS_READ = 2000;

/** Where a search walk stands: after a hit, maybe inside it (the page before cut it). */
export interface SearchPosition {
  after: SearchKey;
  inside?: InsideEntity;
}

/** What a page is written from: the hits, their entities, and a way to the relations of those shown. */
interface PageSource {
  found: { hits: SearchKey[]; more: boolean };
  rows: Map<number, EntityRow>;
  ahead?: Map<number, ReadAhead>;
  /** The relations touching the entities shown (`all`: every one read). */
  relationsOf(shown: readonly number[], all: boolean): Promise<RelationRow[]>;
}

interface SearchOptions {
  namespace: string;
  query: string;
  position?: SearchPosition;
  limit: number;
  maxOutputBytes: number;
  mode: ReadMode;
}

/** The entities a page reads: the one the previous page cut first, then the hits. */
function pageIds(found: { hits: readonly SearchKey[] }, position: SearchPosition | undefined): number[] {
  return [...(position?.inside ? [position.inside.entityId] : []), ...found.hits.map(hit => hit.id)];
}

const searchOf = (options: SearchOptions, terms: QueryTerms) => ({
  terms,
  ...(options.position === undefined ? {} : { after: options.position.after }),
  count: options.limit
});

/**
 * PostgreSQL with the namespace's index in memory: the search on the index as it stands, then one
 * statement for the page and the namespace's version (see searchPageRead). Undefined when the
 * version shows the index was behind: then the ordinary way.
 */
async function inOneStatement(
  store: OpenDatabase,
  options: SearchOptions,
  terms: QueryTerms
): Promise<PageSource | undefined> {
  const guessed = await store.searchIndexes.guessCurrent(options.namespace, async index => {
    const found = await searchIndex(index, searchOf(options, terms));
    const inside = options.position?.inside;
    const ids = [...new Set(pageIds(found, options.position))];
    // Nothing found: the version is all there is to read.
    if (ids.length === 0) {
      const version = await namespaceVersion(store, options.namespace);
      const nothing: SearchPageRead = { version, rows: new Map(), ahead: new Map(), relations: [] };
      return { value: { found, read: nothing }, version };
    }
    const read = await searchPageRead(store.db, {
      namespace: options.namespace,
      entities: ids.map((entityId, at) => ({
        entityId,
        fromId: entityId === inside?.entityId ? (inside.observationId ?? 0) : 0,
        ahead: options.mode === 'full' && at < AHEAD_ENTITIES
      })),
      relationLimit: RELATIONS_READ
    });
    return { value: { found, read }, version: read.version };
  });
  if (guessed === undefined) return undefined;
  const { found, read } = guessed.value;
  return {
    found,
    rows: read.rows,
    ahead: read.ahead,
    relationsOf(shown, all) {
      // Those of the entities shown, unless the read stopped at its limit (some may be missing).
      if (all) return Promise.resolve(read.relations);
      if (read.relations.length < RELATIONS_READ) {
        const kept = new Set(shown);
        return Promise.resolve(
          read.relations.filter(relation => kept.has(relation.fromId) || kept.has(relation.toId))
        );
      }
      return relationsTouching(store, {
        namespace: options.namespace,
        entityIds: shown,
        fromId: 0,
        limit: RELATIONS_READ
      });
    }
  };
}

/** The search (on the index once current, else the database), then the page's reads. */
async function apart(store: OpenDatabase, options: SearchOptions, terms: QueryTerms): Promise<PageSource> {
  const found = await rankedSearch(store, { namespace: options.namespace, ...searchOf(options, terms) });
  const ids = pageIds(found, options.position);
  // On PostgreSQL the first observations are read while the entities are (two connections, one
  // round trip's wait instead of two).
  // And the relations of them all, which are the page's unless the page fills before they all fit.
  const relationsOfAll =
    store.engine === 'postgres'
      ? relationsTouching(store, {
          namespace: options.namespace,
          entityIds: ids,
          fromId: 0,
          limit: RELATIONS_READ
        })
      : undefined;
  // Left unread when the page is cut: its failure is then nobody's to handle.
  relationsOfAll?.catch(() => undefined);
  const { rows, ahead } = await entitiesOfPage(store, ids, {
    namespace: options.namespace,
    mode: options.mode,
    inside: options.position?.inside
  });
  return {
    found,
    rows,
    ...(ahead === undefined ? {} : { ahead }),
    relationsOf: (shown, all) =>
      relationsOfAll !== undefined && all
        ? relationsOfAll
        : relationsTouching(store, {
            namespace: options.namespace,
            entityIds: shown,
            fromId: 0,
            limit: RELATIONS_READ
          })
  };
}

/**
 * One page of a ranked search: up to `limit` hits after the position, best first, each with its
 * observations, then the relations touching them as far as the page has room (`relationsCut`
 * says some were left out; open_nodes lists them all).
 */
export async function searchPage(
  store: OpenDatabase,
  options: SearchOptions
): Promise<{ page: GraphPage; next?: SearchPosition; relationsCut: boolean }> {
  const writer = new PageWriter(options.maxOutputBytes, options.mode);
  const { position } = options;
  const terms = queryTerms(options.query);
  const source =
    (store.engine === 'postgres' ? await inOneStatement(store, options, terms) : undefined) ??
    (await apart(store, options, terms));
  const { found, rows, ahead } = source;
  // The entity the previous page cut comes first (unless it is gone), then the hits.
  const continued = position?.inside === undefined ? undefined : rows.get(position.inside.entityId);
  const keys = new Map<number, SearchKey>(found.hits.map(hit => [hit.id, hit]));
  if (continued !== undefined && position !== undefined) keys.set(continued.id, position.after);
  const entities: EntityRow[] = [
    ...(continued ? [continued] : []),
    ...found.hits.flatMap(hit => rows.get(hit.id) ?? [])
  ];
  const stopped = await fillEntities(writer, {
    store,
    mode: options.mode,
    entities,
    ...(ahead === undefined ? {} : { ahead }),
    ...(position?.inside === undefined ? {} : { start: position.inside })
  });
  let next: SearchPosition | undefined;
  if (stopped !== undefined) {
    const shown = entities.findIndex(entity => entity.id === stopped.entityId);
    const inside = stopped.observationId !== undefined;
    // Stopped inside an entity: go on inside it. Stopped before one: go on after the one before it.
    const anchor = inside ? entities[shown] : entities[shown - 1];
    next =
      anchor === undefined
        ? position
        : { after: keys.get(anchor.id) as SearchKey, ...(inside ? { inside: stopped } : {}) };
  } else if (found.more) {
    const last = found.hits.at(-1);
    if (last !== undefined) next = { after: last };
  }
  const shownIds =
    writer.page.entities.length === 0
      ? []
      : entities.slice(0, writer.page.entities.length).map(entity => entity.id);
  const relations =
    shownIds.length === 0 ? [] : await source.relationsOf(shownIds, shownIds.length === entities.length);
  // A hub's relations beyond what was read count as cut too: open_nodes pages through them all.
  let relationsCut = relations.length === RELATIONS_READ;
  for (const relation of relations) {
    if (!writer.addRelation(relation)) {
      relationsCut = true;
      break;
    }
  }
  return { page: writer.page, ...(next === undefined ? {} : { next }), relationsCut };
}
