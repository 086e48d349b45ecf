import type { Generated } from 'kysely';

/** One knowledge graph per namespace; names are unique within a namespace. */
export interface EntityTable {
  id: Generated<number>;
  namespace: string;
  name: string;
  entity_type: string;
  /** ISO 8601 UTC with milliseconds (sorts as text in both engines). */
  created_at: string;
  updated_at: string;
  /** Lower-cased name, type and observations, kept by the store for indexed substring search. */
  search_text: Generated<string>;
}

/** An observation belongs to one entity and is unique within it; `id` keeps insertion order. */
export interface ObservationTable {
  id: Generated<number>;
  entity_id: number;
  content: string;
  created_at: string;
  /** When the observation last changed owner (a merge); its content never changes. */
  updated_at: string;
}

/** A directed, typed edge between two entities of the same namespace. */
export interface RelationTable {
  id: Generated<number>;
  namespace: string;
  from_id: number;
  to_id: number;
  relation_type: string;
  created_at: string;
  /** When an end was last re-pointed (a merge). */
  updated_at: string;
}

export interface MemoryDatabase {
  entities: EntityTable;
  observations: ObservationTable;
  relations: RelationTable;
}
