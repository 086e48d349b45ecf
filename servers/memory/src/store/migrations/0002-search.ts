import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

import type { Engine } from '../engine.js';

/**
 * The first search index: one lower-cased text per entity (a trigram FTS5 table on SQLite, pg_trgm
 * on PostgreSQL). Frozen as released; 0004 replaces it with an index per observation.
 */
export function searchMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('entities')
        .addColumn('search_text', 'text', column => column.notNull().defaultTo(''))
        .execute();
      if (engine === 'sqlite') {
        await sql`create virtual table entity_search using fts5(search_text, tokenize = 'trigram',
          content = 'entities', content_rowid = 'id', columnsize = 0)`.execute(db);
        await sql`insert into entity_search (entity_search) values ('rebuild')`.execute(db);
        await sql`create trigger entity_search_insert after insert on entities begin
          insert into entity_search (rowid, search_text) values (new.id, new.search_text); end`.execute(db);
        await sql`create trigger entity_search_update after update of search_text on entities begin
          insert into entity_search (entity_search, rowid, search_text) values ('delete', old.id, old.search_text);
          insert into entity_search (rowid, search_text) values (new.id, new.search_text); end`.execute(db);
        await sql`create trigger entity_search_delete after delete on entities begin
          insert into entity_search (entity_search, rowid, search_text) values ('delete', old.id, old.search_text);
          end`.execute(db);
      } else {
        await sql`savepoint search_index`.execute(db);
        try {
          await sql`create extension if not exists pg_trgm`.execute(db);
          await sql`create index if not exists entities_search on entities using gin (search_text gin_trgm_ops)`.execute(
            db
          );
          await sql`release savepoint search_index`.execute(db);
        } catch {
          await sql`rollback to savepoint search_index`.execute(db);
        }
      }
    }
  };
}
