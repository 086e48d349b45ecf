import { chunks } from '../store/batch.js';
import type { OpenDatabase } from '../store/database.js';
import { lookUpEntities } from '../store/entity-lookup.js';
import { entitiesByIds } from '../store/reads/entity-rows.js';
import { relationsTouching } from '../store/reads/relation-rows.js';
import { fillEntities } from './fill-entities.js';
import type { GraphPage, ReadMode } from './page-writer.js';
import { PageWriter } from './page-writer.js';
import type { WalkPosition } from './positions.js';

const ENTITY_BATCH = 256;
const RELATION_BATCH = 1024;

/**
 * One page of the named entities (in creation order, as the official open_nodes returns them;
 * unknown names are left out), then of every relation with either end among them.
 */
export async function openNodesPage(
  store: OpenDatabase,
  options: {
    namespace: string;
    names: readonly string[];
    position?: WalkPosition;
    maxOutputBytes: number;
    mode: ReadMode;
  }
): Promise<{ page: GraphPage; next?: WalkPosition }> {
  const writer = new PageWriter(options.maxOutputBytes, options.mode);
  const ids = [
    ...(await lookUpEntities(store, { namespace: options.namespace, names: options.names })).values()
  ].sort((a, b) => a - b);
  let position: WalkPosition = options.position ?? { phase: 'entities', entityId: 0 };
  if (position.phase === 'entities') {
    const start = position;
    const remaining = ids.filter(id => id >= start.entityId);
    for (const part of chunks(remaining, ENTITY_BATCH)) {
      const rows = await entitiesByIds(store, part, options.namespace);
      const entities = part.flatMap(id => rows.get(id) ?? []);
      const stopped = await fillEntities(writer, { store, mode: options.mode, entities, start });
      if (stopped !== undefined) return { page: writer.page, next: { phase: 'entities', ...stopped } };
    }
    position = { phase: 'relations', relationId: 0 };
  }
  for (let from = position.relationId; ;) {
    const relations = await relationsTouching(store, {
      namespace: options.namespace,
      entityIds: ids,
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
