import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

import type { Engine } from '../engine.js';

/**
 * The first schema: entities, observations and relations, with cascading foreign keys. Frozen as
 * released; 0004 reshapes it.
 */
export function graphMigration(engine: Engine): Migration {
  const id = engine === 'postgres' ? 'serial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
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
  };
}
