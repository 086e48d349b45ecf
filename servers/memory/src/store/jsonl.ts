import { z } from 'zod';

import type { Entity, KnowledgeGraph, Relation } from './graph.js';

/** A line of a memory file that could not be used, and why (1-based line number). */
export interface LineProblem {
  line: number;
  message: string;
}

const entityLine = z.object({
  type: z.literal('entity'),
  name: z.string().min(1),
  entityType: z.string(),
  observations: z.array(z.string())
});
const relationLine = z.object({
  type: z.literal('relation'),
  from: z.string().min(1),
  to: z.string().min(1),
  relationType: z.string()
});

/**
 * Parses the official server's `memory.jsonl` (also its older `memory.json` name, same format): one
 * JSON object per line, entities and relations. A line that is not valid JSON or not a valid
 * entity/relation is reported with its line number and skipped, never fatal; blank lines are ignored.
 */
export function parseMemoryFile(text: string): { graph: KnowledgeGraph; problems: LineProblem[] } {
  const graph: KnowledgeGraph = { entities: [], relations: [] };
  const problems: LineProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ line: index + 1, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (holdsNul(value)) {
      problems.push({
        line: index + 1,
        message: 'contains the NUL character (U+0000), which the store cannot keep'
      });
      return;
    }
    const entity = entityLine.safeParse(value);
    if (entity.success) {
      const { name, entityType, observations } = entity.data;
      graph.entities.push({ name, entityType, observations });
      return;
    }
    const relation = relationLine.safeParse(value);
    if (relation.success) {
      const { from, to, relationType } = relation.data;
      graph.relations.push({ from, to, relationType });
      return;
    }
    const type = (value as { type?: unknown } | null)?.type;
    problems.push({
      line: index + 1,
      message:
        type === 'entity' || type === 'relation'
          ? `a ${type} line with missing or mistyped fields`
          : 'neither an entity nor a relation line'
    });
  });
  return { graph, problems };
}

/** Whether any string in a parsed JSON value holds U+0000. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsNul);
  return false;
}

/**
 * Writes a graph in the official format, byte for byte as the official server writes it: entities
 * then relations, keys in its order, lines joined by `\n` with no final newline.
 */
export function serializeMemoryFile(graph: KnowledgeGraph): string {
  return [
    ...graph.entities.map((entity: Entity) =>
      JSON.stringify({
        type: 'entity',
        name: entity.name,
        entityType: entity.entityType,
        observations: entity.observations
      })
    ),
    ...graph.relations.map((relation: Relation) =>
      JSON.stringify({
        type: 'relation',
        from: relation.from,
        to: relation.to,
        relationType: relation.relationType
      })
    )
  ].join('\n');
}
