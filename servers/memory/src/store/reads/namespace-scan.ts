import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import type { Entity, Relation } from '../graph.js';
import type { MemoryDatabase } from '../schema.js';
import { entitiesFrom } from './entity-rows.js';
import { relationsFrom } from './relation-rows.js';

const ENTITY_BATCH = 1000;
const OBSERVATION_BATCH = 5000;
const RELATION_BATCH = 5000;

/** A namespace's contents as the official file lists them. */
export type GraphItem = { kind: 'entity'; entity: Entity } | { kind: 'relation'; relation: Relation };

/**
 * Visits every entity of a namespace (in creation order, each with its observations in order) and
 * then every relation (in creation order): the official file's order. Reads by keyset in batches,
 * so memory holds one batch, not the graph. Run it in a snapshot (see OpenDatabase.readSnapshot)
 * for a consistent view of a graph others are changing.
 */
export async function scanNamespace(
  db: Kysely<MemoryDatabase>,
  namespace: string,
  visit: (item: GraphItem) => Promise<void> | void
): Promise<void> {
  for (let from = 0; ;) {
    const entities = await entitiesFrom(db, { namespace, fromId: from, limit: ENTITY_BATCH });
    if (entities.length === 0) break;
    const first = entities[0]?.id as number;
    const last = entities.at(-1)?.id as number;
    const observations = new Map<number, string[]>(entities.map(entity => [entity.id, []]));
    for (let after = { entityId: first - 1, id: 0 }; ;) {
      const { rows } = await sql<{
        entity_id: number;
        id: number;
        content: string;
      }>`select entity_id, id, content
        from observations
        where entity_id >= ${Math.max(first, after.entityId)} and entity_id <= ${last}
          and (entity_id > ${after.entityId} or id > ${after.id})
        order by entity_id, id limit ${OBSERVATION_BATCH}`.execute(db);
      // Ids are shared by all namespaces: rows of another namespace's entities are passed over.
      for (const row of rows) observations.get(Number(row.entity_id))?.push(row.content);
      const tail = rows.at(-1);
      if (tail === undefined || rows.length < OBSERVATION_BATCH) break;
      after = { entityId: Number(tail.entity_id), id: Number(tail.id) };
    }
    for (const entity of entities) {
      await visit({
        kind: 'entity',
        entity: {
          name: entity.name,
          entityType: entity.entityType,
          observations: observations.get(entity.id) ?? []
        }
      });
    }
    if (entities.length < ENTITY_BATCH) break;
    from = last + 1;
  }
  for (let from = 0; ;) {
    const relations = await relationsFrom(db, { namespace, fromId: from, limit: RELATION_BATCH });
    for (const { from: source, to, relationType } of relations) {
      await visit({ kind: 'relation', relation: { from: source, to, relationType } });
    }
    if (relations.length < RELATION_BATCH) break;
    from = (relations.at(-1)?.id ?? 0) + 1;
  }
}
