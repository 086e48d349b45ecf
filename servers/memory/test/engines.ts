import { createTempDir, createTempPostgresDatabase } from '@mcpkit/testing';

import { openDatabase } from '../src/store/database.js';
import type { OpenDatabase, OpenOptions } from '../src/store/database.js';

/** The engines every store suite runs on: SQLite (the embedded default) and PostgreSQL. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type TestEngine = (typeof ENGINES)[number];

/** A place for a store of a test's own: a SQLite file in a temp dir, or a PostgreSQL database. */
export interface TestLocation {
  engine: TestEngine;
  /** What --database-url (or openDatabase) takes. */
  url: string;
  /** A directory for other files of the test. */
  directory: string;
  open(options?: OpenOptions): Promise<OpenDatabase>;
  cleanup(): Promise<void>;
}

/** Makes an empty store location; `cleanup` drops it (and the directory). */
export async function createTestLocation(engine: TestEngine): Promise<TestLocation> {
  const dir = await createTempDir({}, 'mcpkit-memory-');
  const postgres = engine === 'postgres' ? await createTempPostgresDatabase() : undefined;
  const url = postgres?.url ?? dir.resolve('memory.db');
  return {
    engine,
    url,
    directory: dir.path,
    open: options => openDatabase(url, options),
    cleanup: async () => {
      await postgres?.drop();
      await dir.cleanup();
    }
  };
}
