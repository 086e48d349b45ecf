import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import type { GraphStore } from './store/graph-store.js';
import { parseMemoryFile } from './store/jsonl.js';
import type { LineProblem } from './store/jsonl.js';

/** What importing a memory file did. */
export interface ImportReport {
  entities: number;
  relations: number;
  problems: LineProblem[];
}

/**
 * Imports an official `memory.jsonl` (or `memory.json`) into a namespace, reading the file only
 * (it is never modified). Corrupt lines are skipped and reported with their numbers; relations whose
 * ends are missing are skipped and reported too.
 */
export async function importMemoryFile(
  store: GraphStore,
  file: { path: string; namespace: string }
): Promise<ImportReport> {
  const { graph, problems } = parseMemoryFile(await readFile(file.path, 'utf8'));
  const entities = await store.createEntities(file.namespace, graph.entities);
  const known = new Set(graph.entities.map(entity => entity.name));
  const usable = graph.relations.filter(relation => known.has(relation.from) && known.has(relation.to));
  const dangling = graph.relations.length - usable.length;
  const relations = await store.createRelations(file.namespace, usable);
  return {
    entities: entities.length,
    relations: relations.length,
    problems:
      dangling > 0
        ? [
            ...problems,
            { line: 0, message: `${dangling} relation(s) name entities the file does not define; skipped` }
          ]
        : problems
  };
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
