import type { Generated } from 'kysely';

/**
 * One knowledge graph per namespace; names are unique within a namespace. Uniqueness and lookups go
 * by `name_key` (SHA-256 of the name), so a name's length is never bounded by an index's row size
 * (PostgreSQL's B-tree refuses entries over 2,704 bytes).
 */
export interface EntityTable {
  id: Generated<number>;
  namespace: string;
  name: string;
  name_key: Buffer;
  /** The name lower-cased as JavaScript does it (the official search's case rule), for search. */
  name_fold: string;
  entity_type: string;
  type_fold: string;
  /** ISO 8601 UTC with milliseconds (sorts as text in both engines). */
  created_at: string;
  updated_at: string;
}

/**
 * An observation belongs to one entity and is unique within it (by `content_key`, SHA-256 of the
 * text); `id` keeps insertion order. Each observation is indexed for search on its own, so a
 * change costs what it adds, whatever else the entity holds.
 */
export interface ObservationTable {
  id: Generated<number>;
  entity_id: number;
  content: string;
  content_key: Buffer;
  content_fold: string;
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

/**
 * Every namespace that was ever written: a version bumped by each committed change (deletions
 * too), which other processes watch, and the time of the last change.
 */
export interface NamespaceTable {
  namespace: string;
  version: number | string;
  changed_at: string;
}

/**
 * The entities a committed version of a namespace changed (created, renamed, given or cleared of
 * observations, merged, deleted), each with the last version that changed it: how a process's
 * search index learns what to read again. Kept for the last CHANGES_KEPT versions (see
 * write-transaction.ts); an index further behind reads the namespace again.
 */
export interface EntityChangeTable {
  namespace: string;
  entity_id: number;
  version: number | string;
}

/** A memory file imported into a namespace: recorded in the import's own transaction. */
export interface ImportTable {
  namespace: string;
  /** The file's absolute path as configured. */
  path: string;
  /** SHA-256 of the file's bytes when it was imported (hex); empty for a store adopted from 0.1. */
  sha256: string;
  imported_at: string;
  entities: number;
  relations: number;
}

export interface MemoryDatabase {
  entities: EntityTable;
  observations: ObservationTable;
  relations: RelationTable;
  namespaces: NamespaceTable;
  imports: ImportTable;
  entity_changes: EntityChangeTable;
}
