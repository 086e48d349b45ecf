import { sql } from 'kysely';

import type { OpenDatabase } from '../../database.js';
import { stampOf } from '../recency-stamp.js';
import { idIn } from '../../id-list.js';
import type { IndexedEntity } from './text-chunk.js';
import { OBSERVATION_SEPARATOR } from './text-chunk.js';

interface EntityRow {
  id: number | string;
  updated_at: string;
  name_fold: string;
  type_fold: string;
}

/** A namespace's version (0 before its first write). */
export async function namespaceVersion(store: OpenDatabase, namespace: string): Promise<number> {
  const row = await store.db
    .selectFrom('namespaces')
    .select('version')
    .where('namespace', '=', namespace)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The entities that versions after `since` changed, at most `limit` (more: read them all again). */
export async function changedSince(
  store: OpenDatabase,
  options: { namespace: string; since: number; limit: number }
): Promise<number[]> {
  const rows = await store.db
    .selectFrom('entity_changes')
    .select('entity_id')
    .where('namespace', '=', options.namespace)
    .where('version', '>', options.since)
    .limit(options.limit)
    .execute();
  return rows.map(row => Number(row.entity_id));
}

/** The next `size` entities of the namespace after id `after`, in id order, as the index holds them. */
export async function entitiesAfter(
  store: OpenDatabase,
  options: { namespace: string; after: number; size: number }
): Promise<IndexedEntity[]> {
  const rows = await store.db
    .selectFrom('entities')
    .select(['id', 'updated_at', 'name_fold', 'type_fold'])
    .where('namespace', '=', options.namespace)
    .where('id', '>', options.after)
    .orderBy('id')
    .limit(options.size)
    .execute();
  return withObservations(store, rows, 'range');
}

/** Those of `ids` that are entities of the namespace, as the index holds them. */
export async function entitiesById(
  store: OpenDatabase,
  options: { namespace: string; ids: readonly number[] }
): Promise<IndexedEntity[]> {
  if (options.ids.length === 0) return [];
  const { rows } = await sql<EntityRow>`select id, updated_at, name_fold, type_fold from entities
    where namespace = ${options.namespace} and ${idIn(store.engine, 'id', options.ids)} order by id`.execute(
    store.db
  );
  return withObservations(store, rows, 'ids');
}

/**
 * The rows with their folded observations, read by the observations' entity index: one range for
 * a batch of consecutive entities (`range`), the ids themselves for scattered ones (`ids`).
 */
async function withObservations(
  store: OpenDatabase,
  rows: readonly EntityRow[],
  by: 'range' | 'ids'
): Promise<IndexedEntity[]> {
  if (rows.length === 0) return [];
  const entities = new Map<number, IndexedEntity & { observations: string[] }>();
  // Each entity's observations are gathered, then joined once.
  for (const row of rows) {
    const id = Number(row.id);
    entities.set(id, {
      id,
      updatedAt: row.updated_at,
      stamp: stampOf(row.updated_at),
      name: row.name_fold,
      type: row.type_fold,
      observations: [],
      observationText: '',
      size: row.name_fold.length + row.type_fold.length
    });
  }
  const ids = [...entities.keys()];
  const chosen =
    by === 'range'
      ? sql`entity_id between ${ids[0]} and ${ids.at(-1)}`
      : idIn(store.engine, 'entity_id', ids);
  const { rows: observations } = await sql<{ entity_id: number | string; content_fold: string }>`
    select entity_id, content_fold from observations where ${chosen} order by entity_id, id`.execute(
    store.db
  );
  for (const observation of observations) {
    const entity = entities.get(Number(observation.entity_id));
    if (entity === undefined) continue;
    entity.observations.push(observation.content_fold);
    entity.size += observation.content_fold.length;
  }
  return [...entities.values()].map(({ observations: texts, ...entity }) => ({
    ...entity,
    observationText: texts.join(OBSERVATION_SEPARATOR)
  }));
}
