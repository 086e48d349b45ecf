import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { sql } from 'kysely';

import type { Engine } from './database.js';
import type { MemoryDatabase } from './schema.js';
import { refreshAllSearchText } from './search-text.js';

/**
 * The schema's migrations, one list for both engines (the only difference is how an
 * auto-incrementing key is spelled). Foreign keys cascade, so deleting an entity removes its
 * observations and relations in the same statement: no relation can dangle.
 */
export function migrationsFor(engine: Engine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-graph': {
      async up(db: Kysely<unknown>) {
        const id = engine === 'postgres' ? 'serial' : 'integer';
        await db.schema
          .createTable('entities')
          .addColumn('id', id, column =>
            engine === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement()
          )
          .addColumn('namespace', 'text', column => column.notNull())
          .addColumn('name', 'text', column => column.notNull())
          .addColumn('entity_type', 'text', column => column.notNull())
          .addColumn('created_at', 'text', column => column.notNull())
          .addColumn('updated_at', 'text', column => column.notNull())
          .addUniqueConstraint('entities_namespace_name', ['namespace', 'name'])
          .execute();
        await db.schema
          .createTable('observations')
          .addColumn('id', id, column =>
            engine === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement()
          )
          .addColumn('entity_id', 'integer', column =>
            column.notNull().references('entities.id').onDelete('cascade')
          )
          .addColumn('content', 'text', column => column.notNull())
          .addColumn('created_at', 'text', column => column.notNull())
          .addUniqueConstraint('observations_entity_content', ['entity_id', 'content'])
          .execute();
        await db.schema
          .createTable('relations')
          .addColumn('id', id, column =>
            engine === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement()
          )
          .addColumn('namespace', 'text', column => column.notNull())
          .addColumn('from_id', 'integer', column =>
            column.notNull().references('entities.id').onDelete('cascade')
          )
          .addColumn('to_id', 'integer', column =>
            column.notNull().references('entities.id').onDelete('cascade')
          )
          .addColumn('relation_type', 'text', column => column.notNull())
          .addColumn('created_at', 'text', column => column.notNull())
          .addUniqueConstraint('relations_edge', ['from_id', 'to_id', 'relation_type'])
          .execute();
        await db.schema.createIndex('relations_to').on('relations').column('to_id').execute();
        await db.schema
          .createIndex('relations_namespace')
          .on('relations')
          .columns(['namespace', 'id'])
          .execute();
        await db.schema
          .createIndex('entities_updated')
          .on('entities')
          .columns(['namespace', 'updated_at'])
          .execute();
        if (engine === 'sqlite') await sql`PRAGMA user_version = 1`.execute(db);
      }
    }
  };
  migrations['0002-search'] = {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('entities')
        .addColumn('search_text', 'text', column => column.notNull().defaultTo(''))
        .execute();
      await refreshAllSearchText(db as Kysely<MemoryDatabase>);
      if (engine === 'sqlite') {
        // A trigram FTS5 index over entities.search_text answers LIKE '%…%' and phrase lookups for
        // 3+ characters. External content: the text is not stored twice; columnsize 0: no per-row
        // sizes, which only relevance ranking (unused) reads. Triggers keep it in step with the
        // column, so no write path can forget it.
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
        // pg_trgm lets a GIN index answer LIKE '%…%'; without the extension, search still works by scan.
        // The savepoint keeps the migration's transaction usable when the role may not create it.
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
  migrations['0003-row-times'] = {
    async up(db: Kysely<unknown>) {
      // Observations and relations get an updated time too (a merge moves or re-points them).
      for (const table of ['observations', 'relations']) {
        await db.schema
          .alterTable(table)
          .addColumn('updated_at', 'text', column => column.notNull().defaultTo(''))
          .execute();
        await sql`update ${sql.table(table)} set updated_at = created_at`.execute(db);
      }
    }
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
