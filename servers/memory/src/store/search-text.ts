import type { Kysely } from 'kysely';

import type { MemoryDatabase } from './schema.js';

const CHUNK = 500;

/** The text an entity is searched by: its name, type and observations, lower-cased. */
export function searchTextOf(entity: {
  name: string;
  entityType: string;
  observations: readonly string[];
}): string {
  return [entity.name, entity.entityType, ...entity.observations].join('\n').toLowerCase();
}

/**
 * Recomputes the search text of the given entities (after their name or observations changed),
 * inside the caller's transaction. SQLite's search tables follow the column through triggers.
 */
export async function refreshSearchText(db: Kysely<MemoryDatabase>, ids: readonly number[]): Promise<void> {
  for (let index = 0; index < ids.length; index += CHUNK) {
    const part = ids.slice(index, index + CHUNK);
    const entities = await db
      .selectFrom('entities')
      .select(['id', 'name', 'entity_type'])
      .where('id', 'in', part)
      .execute();
    const observations = await db
      .selectFrom('observations')
      .select(['entity_id', 'content'])
      .where('entity_id', 'in', part)
      .orderBy('id')
      .execute();
    const byEntity = new Map<number, string[]>();
    for (const row of observations) {
      const list = byEntity.get(Number(row.entity_id)) ?? [];
      list.push(row.content);
      byEntity.set(Number(row.entity_id), list);
    }
    for (const entity of entities) {
      const id = Number(entity.id);
      const text = searchTextOf({
        name: entity.name,
        entityType: entity.entity_type,
        observations: byEntity.get(id) ?? []
      });
      await db.updateTable('entities').set({ search_text: text }).where('id', '=', id).execute();
    }
  }
}

/** Fills the search text of every entity (when the search index is first created). */
export async function refreshAllSearchText(db: Kysely<MemoryDatabase>): Promise<void> {
  const ids = (await db.selectFrom('entities').select('id').execute()).map(row => Number(row.id));
  await refreshSearchText(db, ids);
}
