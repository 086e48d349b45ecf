import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

import { now } from './store/batch.js';
import { lookUpEntities } from './store/entity-lookup.js';
import type { GraphStore } from './store/graph-store.js';
import { insertRows } from './store/insert-rows.js';
import { parseMemoryFile } from './store/jsonl.js';
import type { MemoryDatabase } from './store/schema.js';
import type { LineProblem, ParsedMemoryFile } from './store/jsonl.js';

/** Problems an import report keeps (it counts them all). */
const KEPT_PROBLEMS = 1000;

/**
 * What happened to a memory file: imported now; imported before (recorded: never again, even into
 * an emptied namespace); or adopted (the store predates import records and already holds the
 * namespace this file was imported into, so it is recorded without importing it again).
 */
export type ImportOutcome = 'imported' | 'already-imported' | 'adopted';

/** What importing a memory file did. */
export interface ImportReport {
  outcome: ImportOutcome;
  /** The file read. */
  file: string;
  /** SHA-256 of its bytes (hex). */
  sha256: string;
  /** Entities and relations created now (existing ones are kept as they are). */
  entities: number;
  relations: number;
  /** When it was first imported (for already-imported). */
  importedAt?: string;
  /** The file differs from what was imported then. */
  changedSince?: boolean;
  /** The first problems, line by line, and how many there were in all. */
  problems: LineProblem[];
  problemCount: number;
}

/**
 * Imports an official `memory.jsonl` (or `memory.json`) into a namespace, once: the import and its
 * record (under `recordAs`, the configured path, and the file's hash) commit in one transaction, so
 * a process killed halfway leaves nothing imported and nothing recorded, and the next start imports
 * it whole. Two processes starting at once import it once between them. The file is only read.
 * Lines that cannot be used are skipped and reported (see parseMemoryFile), as are relations whose
 * ends exist neither in the file nor in the graph.
 */
export async function importMemoryFile(
  store: GraphStore,
  options: {
    file: string;
    recordAs?: string;
    namespace: string;
    /** Called once the file is parsed, just before its transaction begins (for a progress line). */
    onImporting?: (counts: { entities: number; relations: number }) => void;
  }
): Promise<ImportReport> {
  const { namespace, file } = options;
  const recordAs = options.recordAs ?? file;
  const bytes = await readFile(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const base = { file, sha256, entities: 0, relations: 0, problems: [], problemCount: 0 };
  const earlier = await recordsOf(store.database.db, { namespace, path: recordAs });
  const same = earlier.find(record => record.path === recordAs);
  if (same !== undefined) {
    return {
      ...base,
      outcome: 'already-imported',
      importedAt: same.imported_at,
      ...(same.sha256 !== '' && same.sha256 !== sha256 ? { changedSince: true } : {})
    };
  }
  const parsed = parseMemoryFile(bytes.toString('utf8'));
  options.onImporting?.({ entities: parsed.entities.length, relations: parsed.relations.length });
  const report = await importInOneTransaction(store, { namespace, recordAs, sha256, parsed, base });
  // PostgreSQL plans by statistics, which autovacuum gathers only a minute or so after a load;
  // search plans made before then can scan where an index would answer.
  if (report.outcome === 'imported' && report.entities > 1000 && store.database.engine === 'postgres') {
    await sql`analyze entities, observations, relations`.execute(store.database.db);
  }
  return report;
}

async function importInOneTransaction(
  store: GraphStore,
  options: {
    namespace: string;
    recordAs: string;
    sha256: string;
    parsed: ParsedMemoryFile;
    base: Omit<ImportReport, 'outcome'>;
  }
): Promise<ImportReport> {
  const { namespace, recordAs, sha256, parsed, base } = options;
  return store.write(async writer => {
    const { db } = writer.scope;
    const engine = store.database.engine;
    const legacy = (await recordsOf(db, { namespace, path: recordAs })).some(record => record.path === '');
    // The record goes in first: on PostgreSQL a second process importing the same file waits here
    // until the first commits, then finds it recorded.
    const claimed = await insertRows(db, engine, {
      table: 'imports',
      columns: ['namespace', 'path', 'sha256', 'imported_at', 'entities', 'relations'],
      rows: [[namespace, recordAs, sha256, now(), 0, 0]],
      returning: ['path'],
      skipConflicts: true
    });
    if (claimed.length === 0) return { ...base, outcome: 'already-imported' as const };
    if (legacy) return { ...base, outcome: 'adopted' as const };
    const problems = [...parsed.problems];
    const created = new Set(
      (
        await writer.createEntities(
          namespace,
          parsed.entities.map(item => item.entity)
        )
      ).map(entity => entity.name)
    );
    for (const { line, entity } of parsed.entities) {
      if (!created.has(entity.name)) {
        problems.push({
          line,
          message: `an entity named ${JSON.stringify(entity.name)} already exists in the graph; it is kept as it is`
        });
      }
    }
    const ends = await lookUpEntities(
      { db, engine },
      { namespace, names: parsed.relations.flatMap(({ relation }) => [relation.from, relation.to]) }
    );
    const usable = parsed.relations.filter(({ line, relation }) => {
      const missing = [relation.from, relation.to].filter(name => !ends.has(name));
      if (missing.length > 0) {
        problems.push({
          line,
          message: `the relation ${JSON.stringify(relation.from)} → ${JSON.stringify(relation.to)} names ${missing
            .map(name => JSON.stringify(name))
            .join(' and ')}, defined neither in the file nor in the graph; skipped`
        });
      }
      return missing.length === 0;
    });
    const relations = await writer.createRelations(
      namespace,
      usable.map(item => item.relation)
    );
    await db
      .updateTable('imports')
      .set({ entities: created.size, relations: relations.length })
      .where('namespace', '=', namespace)
      .where('path', '=', recordAs)
      .execute();
    problems.sort((left, right) => left.line - right.line);
    return {
      ...base,
      outcome: 'imported' as const,
      entities: created.size,
      relations: relations.length,
      problems: problems.slice(0, KEPT_PROBLEMS),
      problemCount: problems.length
    };
  });
}

/** This path's import record and the store's pre-record marker (path ''), if any. */
async function recordsOf(db: Kysely<MemoryDatabase>, record: { namespace: string; path: string }) {
  const { namespace, path } = record;
  return db
    .selectFrom('imports')
    .select(['path', 'sha256', 'imported_at'])
    .where('namespace', '=', namespace)
    .where('path', 'in', [path, ''])
    .execute();
}

/**
 * The file to import for a configured memory file path: the path itself, or, when a `.jsonl` path
 * does not exist yet, the older `memory.json` beside it (the official server's earlier name, which
 * it renames on its first start; we only read it). Undefined when neither exists.
 */
export function memoryFileToImport(path: string): string | undefined {
  if (existsSync(path)) return path;
  const older = path.replace(/\.jsonl$/, '.json');
  return older !== path && existsSync(older) ? older : undefined;
}
