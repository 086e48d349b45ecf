import type { Entity, KnowledgeGraph, Relation } from './graph.js';
import { LIMITS, unstorable } from './limits.js';

/** A line of a memory file that could not be used (whole or in part), and why (1-based line). */
export interface LineProblem {
  line: number;
  message: string;
}

/** A memory file's usable lines, with their numbers, and what was wrong with the others. */
export interface ParsedMemoryFile {
  entities: { line: number; entity: Entity }[];
  relations: { line: number; relation: Relation }[];
  problems: LineProblem[];
}

/**
 * Parses the official server's `memory.jsonl` (also its older `memory.json` name, same format): one
 * JSON object per line, entities and relations. Nothing is fatal: a line that is not JSON, not an
 * entity or relation, or names a text the store cannot keep (over the tools' limits, a NUL, a lone
 * surrogate) is reported with its number and skipped, and an observation the store cannot keep is
 * skipped alone. Later lines defining an entity again are reported and skipped (the first wins, as
 * the official server's lookups find the first). Blank lines are ignored; `\r\n` endings are fine.
 */
export function parseMemoryFile(text: string): ParsedMemoryFile {
  const parsed: ParsedMemoryFile = { entities: [], relations: [], problems: [] };
  const defined = new Map<string, number>();
  const edges = new Map<string, number>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const raw = (lines[index] as string).trim();
    if (raw === '') continue;
    const report = (message: string) => parsed.problems.push({ line, message });
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      report(`not valid JSON (${(error as Error).message}); skipped`);
      continue;
    }
    const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (record.type === 'entity') {
      const { name, entityType, observations } = record;
      if (
        typeof name !== 'string' ||
        name === '' ||
        typeof entityType !== 'string' ||
        !isStrings(observations)
      ) {
        report('an entity line with missing or mistyped fields (name, entityType, observations); skipped');
        continue;
      }
      const problem =
        textProblem('name', name, LIMITS.nameChars) ??
        textProblem('entityType', entityType, LIMITS.typeChars);
      if (problem !== undefined) {
        report(`${problem}; the entity is skipped`);
        continue;
      }
      const first = defined.get(name);
      if (first !== undefined) {
        report(
          `the entity ${JSON.stringify(name)} is already defined on line ${first}; this line is skipped`
        );
        continue;
      }
      defined.set(name, line);
      const kept = observations.filter((observation, position) => {
        const bad = textProblem(`observation ${position + 1}`, observation, LIMITS.observationChars);
        if (bad !== undefined) report(`${bad}; that observation is skipped`);
        return bad === undefined;
      });
      parsed.entities.push({ line, entity: { name, entityType, observations: kept } });
      continue;
    }
    if (record.type === 'relation') {
      const { from, to, relationType } = record;
      if (
        typeof from !== 'string' ||
        typeof to !== 'string' ||
        typeof relationType !== 'string' ||
        from === '' ||
        to === ''
      ) {
        report('a relation line with missing or mistyped fields (from, to, relationType); skipped');
        continue;
      }
      const problem =
        textProblem('from', from, LIMITS.nameChars) ??
        textProblem('to', to, LIMITS.nameChars) ??
        textProblem('relationType', relationType, LIMITS.typeChars);
      if (problem !== undefined) {
        report(`${problem}; the relation is skipped`);
        continue;
      }
      const key = JSON.stringify([from, to, relationType]);
      const first = edges.get(key);
      if (first !== undefined) {
        report(`the same relation is already on line ${first}; this line is skipped`);
        continue;
      }
      edges.set(key, line);
      parsed.relations.push({ line, relation: { from, to, relationType } });
      continue;
    }
    report('neither an entity nor a relation line; skipped');
  }
  return parsed;
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(item => typeof item === 'string');

function textProblem(field: string, text: string, maxChars: number): string | undefined {
  if (text.length > maxChars)
    return `${field} has ${text.length} characters, over the ${maxChars} the store keeps`;
  const problem = unstorable(text);
  return problem === undefined ? undefined : `${field} ${problem.replace(/: .*$/, '')}`;
}

/** One entity line of the official format, byte for byte as the official server writes it. */
export function entityLine(entity: Entity): string {
  return JSON.stringify({
    type: 'entity',
    name: entity.name,
    entityType: entity.entityType,
    observations: entity.observations
  });
}

/** One relation line of the official format. */
export function relationLine(relation: Relation): string {
  return JSON.stringify({
    type: 'relation',
    from: relation.from,
    to: relation.to,
    relationType: relation.relationType
  });
}

/**
 * Writes a graph in the official format, byte for byte as the official server writes it: entities
 * then relations, keys in its order, lines joined by `\n` with no final newline.
 */
export function serializeMemoryFile(graph: KnowledgeGraph): string {
  return [...graph.entities.map(entityLine), ...graph.relations.map(relationLine)].join('\n');
}
