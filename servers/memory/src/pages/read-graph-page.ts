import type { OpenDatabase } from '../store/database.js';
import { entitiesFrom } from '../store/reads/entity-rows.js';
import { relationsFrom } from '../store/reads/relation-rows.js';
import { fillEntities } from './fill-entities.js';
import type { GraphPage, ReadMode } from './page-writer.js';
import { PageWriter } from './page-writer.js';
import type { InsideEntity, WalkPosition } from './positions.js';

/** Entities fetched per query; a page asks for more while it has room. */
const ENTITY_BATCH = 256;
const RELATION_BATCH = 1024;

/**
 * One page of a namespace's whole graph, read from the store by keyset: entities in creation
 * order with their observations, then every relation in creation order (the official file's
 * order). Each page reads only what it shows, so a full walk costs what the graph holds.
 */
export async function readGraphPage(
  store: OpenDatabase,
  options: { namespace: string; position?: WalkPosition; maxOutputBytes: number; mode: ReadMode }
): Promise<{ page: GraphPage; next?: WalkPosition }> {
  const writer = new PageWriter(options.maxOutputBytes, options.mode);
  let position: WalkPosition = options.position ?? { phase: 'entities', entityId: 0 };
  if (position.phase === 'entities') {
    let start: InsideEntity = position;
    for (;;) {
      const entities = await entitiesFrom(store.db, {
        namespace: options.namespace,
        fromId: start.entityId,
        limit: ENTITY_BATCH
      });
      const stopped = await fillEntities(writer, { store, mode: options.mode, entities, start });
      if (stopped !== undefined) return { page: writer.page, next: { phase: 'entities', ...stopped } };
      if (entities.length < ENTITY_BATCH) break;
      start = { entityId: (entities.at(-1)?.id ?? 0) + 1 };
    }
    position = { phase: 'relations', relationId: 0 };
  }
  for (let from = position.relationId; ;) {
    const relations = await relationsFrom(store.db, {
      namespace: options.namespace,
      fromId: from,
      limit: RELATION_BATCH
    });
    for (const relation of relations) {
      if (!writer.addRelation(relation))
        return { page: writer.page, next: { phase: 'relations', relationId: relation.id } };
    }
    if (relations.length < RELATION_BATCH) return { page: writer.page };
    from = (relations.at(-1)?.id ?? 0) + 1;
  }
}
