import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import type { MemoryDatabase } from '../schema.js';
import type { EntityRow } from './entity-rows.js';
import type { AheadRow, ReadAhead } from './observation-stream.js';
import { AHEAD_CHARS, AHEAD_ROWS, aheadOf } from './observation-stream.js';
import type { RelationRow } from './relation-rows.js';

/** A relation as a search page reads it: with the ids of its ends, to keep those of the entities shown. */
export interface EndedRelation extends RelationRow {
  fromId: number;
  toId: number;
}

/** What a search page reads on PostgreSQL, as of one snapshot (see searchPageRead). */
export interface SearchPageRead {
  /** The namespace's version in that snapshot. */
  version: number;
  /** The entities (those not gone). */
  rows: Map<number, EntityRow>;
  /** The first observations of those marked `ahead`, as readAhead reads them. */
  ahead: Map<number, ReadAhead>;
  /** Relations touching any of the entities, in creation order, at most `relationLimit`. */
  relations: EndedRelation[];
}

type EntityTuple = [
  entityId: number,
  name: string,
  entityType: string,
  id: number | null,
  content: string,
  length: number
];
type RelationTuple = [
  id: number,
  fromId: number,
  toId: number,
  from: string,
  to: string,
  relationType: string
];

/**
 * PostgreSQL: everything a search page reads, and the namespace's version, in one statement (one
 * snapshot, one round trip, one backend): the entities, the first observations of those `ahead`
 * marks, and the relations touching them. A search on the index in memory that reads this learns
 * from the version whether the index was current (see IndexRegistry.guessCurrent), so a page costs
 * one round trip where it cost two apart (the version, then the page).
 */
export async function searchPageRead(
  db: Kysely<MemoryDatabase>,
  options: {
    namespace: string;
    entities: readonly { entityId: number; fromId: number; ahead: boolean }[];
    relationLimit: number;
  }
): Promise<SearchPageRead> {
  const { entities } = options;
  const ids = entities.map(entity => entity.entityId);
  const { rows } = await sql<{
    version: string | number | null;
    entities: EntityTuple[];
    relations: RelationTuple[];
  }>`
    select
      (select version from namespaces where namespace = ${options.namespace}) as version,
      (select coalesce(json_agg(json_build_array(p.entity_id, e.name, e.entity_type, o.id,
          substr(o.content, 1, ${AHEAD_CHARS + 1}), length(o.content)) order by p.entity_id, o.id), '[]'::json)
        from unnest(${ids}::int[], ${entities.map(entity => entity.fromId)}::int[],
          ${entities.map(entity => entity.ahead)}::bool[]) as p(entity_id, from_id, ahead)
        join entities e on e.id = p.entity_id and e.namespace = ${options.namespace}
        left join lateral (select id, content from observations
          where p.ahead and entity_id = p.entity_id and id >= p.from_id order by id limit ${AHEAD_ROWS}) o on true
      ) as entities,
      (select coalesce(json_agg(json_build_array(r.id, r.from_id, r.to_id, s.name, t.name, r.relation_type)
          order by r.id), '[]'::json)
        from (select id, from_id, to_id, relation_type from relations
          where namespace = ${options.namespace} and (from_id = any(${ids}::int[]) or to_id = any(${ids}::int[]))
          order by id limit ${options.relationLimit}) r
        join entities s on s.id = r.from_id join entities t on t.id = r.to_id
      ) as relations`.execute(db);
  const row = rows[0];
  if (row === undefined) throw new Error('The search page statement returned no row.');
  const found = new Map<number, EntityRow>();
  const observations: AheadRow[] = [];
  for (const [entityId, name, entityType, id, content, length] of row.entities) {
    if (!found.has(entityId)) found.set(entityId, { id: entityId, name, entityType });
    // An entity without observations (from its start id, or not read ahead) comes as one tuple without one.
    if (id !== null) observations.push({ entity_id: entityId, id, content, length });
  }
  return {
    version: Number(row.version ?? 0),
    rows: found,
    ahead: aheadOf(
      entities.filter(entity => entity.ahead),
      observations
    ),
    relations: row.relations.map(([id, fromId, toId, from, to, relationType]) => ({
      id,
      fromId,
      toId,
      from,
      to,
      relationType
    }))
  };
}
