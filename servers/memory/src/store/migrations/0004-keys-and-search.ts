import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

import type { Engine } from '../engine.js';
import { fold, textKey } from '../text-keys.js';

const BATCH = 1000;

/**
 * The schema as 0.2 has it:
 * - names and observations are unique by a SHA-256 key, not by their text, so no index row limit
 *   bounds what can be stored (PostgreSQL's B-tree refused non-repetitive text over ~2.7 KB);
 * - search indexes each name, type and observation on its own (folded as JavaScript folds case),
 *   so a write re-indexes only what it adds, instead of the entity's whole text;
 * - `namespaces` counts every committed change (deletions too) for other processes to watch, and
 *   `imports` records each memory file imported, so an emptied namespace never re-imports it.
 * Namespaces that already hold data are recorded as imported under the empty path: the 0.1 server
 * imported its file into an empty namespace and kept no record of it.
 */
export function keysAndSearchMigration(engine: Engine): Migration {
  return { up: db => (engine === 'sqlite' ? sqliteUp(db) : postgresUp(db)) };
}

/**
 * SQLite cannot drop a table's inline UNIQUE constraints, so the tables are rebuilt: the old ones
 * renamed aside, the new ones created and filled with the same ids, the old ones dropped. Runs with
 * foreign keys off (openDatabase turns them off around migrations, as SQLite's documented
 * procedure requires), so dropping the old tables cascades nothing.
 */
async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`drop trigger entity_search_insert`,
    sql`drop trigger entity_search_update`,
    sql`drop trigger entity_search_delete`,
    sql`drop table entity_search`,
    sql`drop index entities_updated`,
    sql`drop index relations_to`,
    sql`drop index relations_namespace`,
    sql`alter table relations rename to old_relations`,
    sql`alter table observations rename to old_observations`,
    sql`alter table entities rename to old_entities`,
    sql`create table entities (
      id integer primary key autoincrement,
      namespace text not null,
      name text not null,
      name_key blob not null,
      name_fold text not null,
      entity_type text not null,
      type_fold text not null,
      created_at text not null,
      updated_at text not null)`,
    sql`create table observations (
      id integer primary key autoincrement,
      entity_id integer not null references entities (id) on delete cascade,
      content text not null,
      content_key blob not null,
      content_fold text not null,
      created_at text not null,
      updated_at text not null)`,
    sql`create table relations (
      id integer primary key autoincrement,
      namespace text not null,
      from_id integer not null references entities (id) on delete cascade,
      to_id integer not null references entities (id) on delete cascade,
      relation_type text not null,
      created_at text not null,
      updated_at text not null)`
  ]) {
    await statement.execute(db);
  }
  await copyEntities(db);
  await copyObservations(db);
  await sql`insert into relations (id, namespace, from_id, to_id, relation_type, created_at, updated_at)
    select id, namespace, from_id, to_id, relation_type, created_at, updated_at from old_relations order by id`.execute(
    db
  );
  for (const statement of [
    sql`drop table old_relations`,
    sql`drop table old_observations`,
    sql`drop table old_entities`,
    ...sharedTables('sqlite'),
    // Trigram FTS5 tables over the folded names and observations, kept in step by triggers so no
    // write path can forget them. External content: the text is not stored twice; columnsize 0: no
    // per-row sizes, which only relevance ranking (unused) reads; case_sensitive: the text is
    // folded already. Types need no text index: a namespace has few distinct ones (entities_type).
    sql`create virtual table name_search using fts5(name_fold,
      tokenize = 'trigram case_sensitive 1', content = 'entities', content_rowid = 'id', columnsize = 0)`,
    sql`create trigger name_search_insert after insert on entities begin
      insert into name_search (rowid, name_fold) values (new.id, new.name_fold); end`,
    sql`create trigger name_search_update after update of name_fold on entities begin
      insert into name_search (name_search, rowid, name_fold) values ('delete', old.id, old.name_fold);
      insert into name_search (rowid, name_fold) values (new.id, new.name_fold); end`,
    sql`create trigger name_search_delete after delete on entities begin
      insert into name_search (name_search, rowid, name_fold) values ('delete', old.id, old.name_fold); end`,
    sql`create virtual table observation_search using fts5(content_fold,
      tokenize = 'trigram case_sensitive 1', content = 'observations', content_rowid = 'id', columnsize = 0)`,
    // Deleting an entity deletes its observations by cascade, which fires this trigger too.
    sql`create trigger observation_search_insert after insert on observations begin
      insert into observation_search (rowid, content_fold) values (new.id, new.content_fold); end`,
    sql`create trigger observation_search_update after update of content_fold on observations begin
      insert into observation_search (observation_search, rowid, content_fold) values ('delete', old.id, old.content_fold);
      insert into observation_search (rowid, content_fold) values (new.id, new.content_fold); end`,
    sql`create trigger observation_search_delete after delete on observations begin
      insert into observation_search (observation_search, rowid, content_fold) values ('delete', old.id, old.content_fold); end`,
    sql`insert into name_search (name_search) values ('rebuild')`,
    sql`insert into observation_search (observation_search) values ('rebuild')`
  ]) {
    await statement.execute(db);
  }
  await recordExistingNamespaces(db);
}

/** PostgreSQL alters in place: new columns filled, old constraints and the old index dropped. */
async function postgresUp(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists entities_search`.execute(db);
  await sql`alter table entities drop column search_text,
    add column name_key bytea, add column name_fold text, add column type_fold text`.execute(db);
  await sql`alter table observations add column content_key bytea, add column content_fold text`.execute(db);
  await fillEntities(db);
  await fillObservations(db);
  for (const statement of [
    sql`alter table entities alter column name_key set not null, alter column name_fold set not null,
      alter column type_fold set not null, drop constraint entities_namespace_name`,
    sql`alter table observations alter column content_key set not null,
      alter column content_fold set not null, drop constraint observations_entity_content`,
    sql`drop index entities_updated`,
    ...sharedTables('postgres')
  ]) {
    await statement.execute(db);
  }
  // pg_trgm lets GIN indexes answer LIKE '%…%' and probe how common a term is; without the
  // extension, search still works by scanning. The savepoint keeps the migration's transaction
  // usable when the role may not create it.
  await sql`savepoint search_index`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
    for (const index of [
      sql`create index entities_name_search on entities using gin (name_fold gin_trgm_ops)
        with (gin_pending_list_limit = 256)`,
      sql`create index observations_search on observations using gin (content_fold gin_trgm_ops)
        with (gin_pending_list_limit = 256)`
    ]) {
      await index.execute(db);
    }
    await sql`release savepoint search_index`.execute(db);
  } catch {
    await sql`rollback to savepoint search_index`.execute(db);
  }
  await recordExistingNamespaces(db);
}

/** Indexes and tables both engines spell the same way. */
function sharedTables(engine: Engine) {
  const version = engine === 'postgres' ? sql`bigint` : sql`integer`;
  return [
    sql`create unique index entities_name_key on entities (namespace, name_key)`,
    // Keyset pages in creation order (read_graph, export): without it the planner sorts the namespace.
    sql`create index entities_namespace on entities (namespace, id)`,
    sql`create index entities_recency on entities (namespace, updated_at desc, id)`,
    // A namespace's distinct types, read by skipping through this index, and each type's entities
    // in recency order: how search finds type matches without a text index.
    sql`create index entities_type on entities (namespace, type_fold, updated_at desc, id)`,
    sql`create unique index observations_content_key on observations (entity_id, content_key)`,
    sql`create index observations_entity on observations (entity_id, id)`,
    ...(engine === 'sqlite'
      ? [
          sql`create unique index relations_edge on relations (from_id, to_id, relation_type)`,
          sql`create index relations_to on relations (to_id)`,
          sql`create index relations_namespace on relations (namespace, id)`
        ]
      : []),
    sql`create table namespaces (namespace text primary key, version ${version} not null, changed_at text not null)`,
    sql`create table imports (namespace text not null, path text not null, sha256 text not null,
      imported_at text not null, entities integer not null, relations integer not null,
      primary key (namespace, path))`,
    // Which entities each recent version changed: what a process's search index reads to catch up.
    sql`create table entity_changes (namespace text not null, entity_id integer not null,
      version ${version} not null, primary key (namespace, entity_id))`,
    sql`create index entity_changes_version on entity_changes (namespace, version)`
  ];
}

async function recordExistingNamespaces(db: Kysely<unknown>): Promise<void> {
  await sql`insert into namespaces (namespace, version, changed_at)
    select namespace, 1, max(updated_at) from entities group by namespace`.execute(db);
  await sql`insert into imports (namespace, path, sha256, imported_at, entities, relations)
    select namespace, '', '', ${new Date().toISOString()}, 0, 0 from namespaces`.execute(db);
}

interface OldEntity {
  id: number;
  namespace: string;
  name: string;
  entity_type: string;
  created_at: string;
  updated_at: string;
}

async function copyEntities(db: Kysely<unknown>): Promise<void> {
  for (let after = 0; ;) {
    const { rows } = await sql<OldEntity>`select id, namespace, name, entity_type, created_at, updated_at
      from old_entities where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    await sql`insert into entities (id, namespace, name, name_key, name_fold, entity_type, type_fold, created_at, updated_at)
      values ${sql.join(
        rows.map(
          row =>
            sql`(${row.id}, ${row.namespace}, ${row.name}, ${textKey(row.name)}, ${fold(row.name)}, ${row.entity_type}, ${fold(row.entity_type)}, ${row.created_at}, ${row.updated_at})`
        )
      )}`.execute(db);
    after = Number(rows.at(-1)?.id);
  }
}

interface OldObservation {
  id: number;
  entity_id: number;
  content: string;
  created_at: string;
  updated_at: string;
}

async function copyObservations(db: Kysely<unknown>): Promise<void> {
  for (let after = 0; ;) {
    const { rows } = await sql<OldObservation>`select id, entity_id, content, created_at, updated_at
      from old_observations where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    await sql`insert into observations (id, entity_id, content, content_key, content_fold, created_at, updated_at)
      values ${sql.join(
        rows.map(
          row =>
            sql`(${row.id}, ${row.entity_id}, ${row.content}, ${textKey(row.content)}, ${fold(row.content)}, ${row.created_at}, ${row.updated_at})`
        )
      )}`.execute(db);
    after = Number(rows.at(-1)?.id);
  }
}

async function fillEntities(db: Kysely<unknown>): Promise<void> {
  for (let after = 0; ;) {
    const { rows } = await sql<{ id: number; name: string; entity_type: string }>`select id, name, entity_type
      from entities where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    await sql`update entities as e set name_key = v.name_key, name_fold = v.name_fold, type_fold = v.type_fold
      from unnest(${rows.map(row => row.id)}::int[], ${rows.map(row => textKey(row.name))}::bytea[],
        ${rows.map(row => fold(row.name))}::text[], ${rows.map(row => fold(row.entity_type))}::text[])
        as v(id, name_key, name_fold, type_fold)
      where e.id = v.id`.execute(db);
    after = Number(rows.at(-1)?.id);
  }
}

async function fillObservations(db: Kysely<unknown>): Promise<void> {
  for (let after = 0; ;) {
    const { rows } = await sql<{ id: number; content: string }>`select id, content
      from observations where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    await sql`update observations as o set content_key = v.content_key, content_fold = v.content_fold
      from unnest(${rows.map(row => row.id)}::int[], ${rows.map(row => textKey(row.content))}::bytea[],
        ${rows.map(row => fold(row.content))}::text[]) as v(id, content_key, content_fold)
      where o.id = v.id`.execute(db);
    after = Number(rows.at(-1)?.id);
  }
}
