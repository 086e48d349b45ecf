import type { Migration, MigrationProvider } from 'kysely';

import type { Engine } from '../engine.js';
import { graphMigration } from './0001-graph.js';
import { searchMigration } from './0002-search.js';
import { rowTimesMigration } from './0003-row-times.js';
import { keysAndSearchMigration } from './0004-keys-and-search.js';

/**
 * The schema's migrations, one list for both engines. Released migrations are frozen: a change of
 * schema is a new migration, so every store, whatever version made it, ends in the same shape.
 */
export function migrationsFor(engine: Engine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-graph': graphMigration(engine),
    '0002-search': searchMigration(engine),
    '0003-row-times': rowTimesMigration,
    '0004-keys-and-search': keysAndSearchMigration(engine)
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
