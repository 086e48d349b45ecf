import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import { chunks } from '../batch.js';
import { lookUpEntities } from '../entity-lookup.js';
import type { Relation } from '../graph.js';
import type { MemoryDatabase } from '../schema.js';
import type { WriteScope } from '../write-transaction.js';

interface Edge {
  from: number;
  to: number;
  type: string;
}

/** Deletes the given relations in one statement (per 10,000); unknown ones are ignored. */
export async function deleteRelations(
  scope: WriteScope,
  namespace: string,
  relations: readonly Relation[]
): Promise<number> {
  const ids = await lookUpEntities(scope, {
    namespace,
    names: relations.flatMap(relation => [relation.from, relation.to]),
    lock: 'key share'
  });
  const edges = relations.flatMap(relation => {
    const from = ids.get(relation.from);
    const to = ids.get(relation.to);
    return from === undefined || to === undefined ? [] : [{ from, to, type: relation.relationType }];
  });
  let deleted = 0;
  for (const part of chunks(edges, 10_000)) deleted += await deleteEdges(scope.db, scope.engine, part);
  if (deleted > 0) scope.changed(namespace);
  return deleted;
}

async function deleteEdges(
  db: Kysely<MemoryDatabase>,
  engine: WriteScope['engine'],
  edges: readonly Edge[]
): Promise<number> {
  if (edges.length === 0) return 0;
  const { rows } =
    engine === 'postgres'
      ? await sql<{ id: number }>`delete from relations as r
          using unnest(${edges.map(edge => edge.from)}::int[], ${edges.map(edge => edge.to)}::int[],
            ${edges.map(edge => edge.type)}::text[]) as d(from_id, to_id, relation_type)
          where r.from_id = d.from_id and r.to_id = d.to_id and r.relation_type = d.relation_type
          returning r.id`.execute(db)
      : await sql<{ id: number }>`delete from relations
          where (from_id, to_id, relation_type) in (values ${sql.join(edges.map(edge => sql`(${edge.from}, ${edge.to}, ${edge.type})`))})
          returning id`.execute(db);
  return rows.length;
}
