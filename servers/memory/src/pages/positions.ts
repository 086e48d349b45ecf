/**
 * Where a page walk stands inside an entity: from observation `observationId` on (by id, so an
 * observation added or deleted elsewhere never shifts it), `offset` UTF-16 units into that one when
 * the previous page cut it.
 */
export interface InsideEntity {
  entityId: number;
  observationId?: number;
  offset?: number;
}

/** Where a read_graph or open_nodes walk stands: in the entities (by id), or in the relations. */
export type WalkPosition =
  ({ phase: 'entities' } & InsideEntity) | { phase: 'relations'; relationId: number };
