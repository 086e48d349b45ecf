import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/** Observations and relations get an updated time too (a merge moves or re-points them). */
export const rowTimesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['observations', 'relations']) {
      await db.schema
        .alterTable(table)
        .addColumn('updated_at', 'text', column => column.notNull().defaultTo(''))
        .execute();
      await sql`update ${sql.table(table)} set updated_at = created_at`.execute(db);
    }
  }
};
