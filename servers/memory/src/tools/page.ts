import { decodeCursor, encodeCursor } from '@mcpkit/core';
import { z } from 'zod';

import type { KnowledgeGraph } from '../store/graph.js';

export const cursorArgument = z
  .string()
  .max(200)
  .optional()
  .describe('Opaque cursor from a previous result’s nextCursor, to continue where it stopped.');

const position = z.object({ entity: z.number().int().min(0) });

/**
 * A page of a graph that fits `maxBytes` (as measured): entities from the cursor on, each with the
 * relations that start at it, until the budget is reached. Every relation is therefore returned
 * once across pages, on the page of its source entity.
 */
export function pageOf<E extends { name: string }>(
  graph: { entities: readonly E[]; relations: KnowledgeGraph['relations'] },
  options: { cursor: string | undefined; maxBytes: number; measure: (value: unknown) => number }
): { entities: E[]; relations: KnowledgeGraph['relations']; nextCursor?: string; truncated?: boolean } {
  const start = options.cursor === undefined ? 0 : decodeCursor(options.cursor, position).entity;
  const outgoing = new Map<string, KnowledgeGraph['relations']>();
  const inGraph = new Set(graph.entities.map(entity => entity.name));
  const orphans: KnowledgeGraph['relations'] = [];
  for (const relation of graph.relations) {
    if (!inGraph.has(relation.from)) {
      orphans.push(relation);
      continue;
    }
    const list = outgoing.get(relation.from) ?? [];
    list.push(relation);
    outgoing.set(relation.from, list);
  }
  const entities: E[] = [];
  const relations: KnowledgeGraph['relations'] = start === 0 ? [...orphans] : [];
  let used = options.measure(relations) + 64;
  let index = start;
  for (; index < graph.entities.length; index++) {
    const entity = graph.entities[index] as E;
    const own = outgoing.get(entity.name) ?? [];
    const cost = options.measure(entity) + options.measure(own) + 4;
    if (entities.length > 0 && used + cost > options.maxBytes) break;
    used += cost;
    entities.push(entity);
    relations.push(...own);
  }
  return index < graph.entities.length
    ? { entities, relations, nextCursor: encodeCursor({ entity: index }), truncated: true }
    : { entities, relations };
}

/**
 * The longest prefix of `items` that fits `maxBytes` as JSON. Write tools use it so that a large
 * batch that succeeded is reported as a success (with a count) rather than refused for its size.
 */
export function fitList<T>(
  items: readonly T[],
  maxBytes: number,
  measure: (value: unknown) => number
): { items: T[]; truncated: boolean } {
  const kept: T[] = [];
  let used = 2;
  for (const item of items) {
    const cost = measure(item) + 1;
    if (used + cost > maxBytes) return { items: kept, truncated: true };
    used += cost;
    kept.push(item);
  }
  return { items: kept, truncated: false };
}
