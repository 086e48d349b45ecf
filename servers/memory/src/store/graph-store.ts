import type { Kysely } from 'kysely';

import type { OpenDatabase } from './database.js';
import type { Entity, KnowledgeGraph, Relation } from './graph.js';
import type { MemoryDatabase } from './schema.js';
import { insertRows } from './insert-rows.js';
import { rankedMatches } from './search-nodes.js';
import { refreshSearchText, searchTextOf } from './search-text.js';
import { writeTransaction } from './write-transaction.js';

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/** An operation named entities that do not exist; nothing was changed. */
export class MissingEntitiesError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`No entity named ${names.map(name => JSON.stringify(name)).join(', ')}.`);
    this.name = 'MissingEntitiesError';
  }
}

const now = () => new Date().toISOString();

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK) result.push(items.slice(index, index + CHUNK));
  return result;
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const edgeKey = (relation: Relation) => JSON.stringify([relation.from, relation.to, relation.relationType]);

/**
 * The knowledge graph on a database: the official server's nine operations, each one transaction,
 * scoped to a namespace. Names are unique per namespace; duplicates within a batch count once;
 * relations need both endpoints to exist, and deleting an entity removes its relations.
 */
export class GraphStore {
  constructor(private readonly store: OpenDatabase) {}

  /** Creates entities whose names are new; returns those created (existing names are skipped). */
  async createEntities(namespace: string, entities: readonly Entity[]): Promise<Entity[]> {
    const batch = unique(entities, entity => entity.name).map(entity => ({
      ...entity,
      observations: unique(entity.observations, content => content)
    }));
    return writeTransaction(this.store, async trx => {
      const existing = await this.idsByName(
        trx,
        namespace,
        batch.map(entity => entity.name)
      );
      const fresh = batch.filter(entity => !existing.has(entity.name));
      const stamp = now();
      const inserted = await insertRows(trx, this.store.engine, {
        table: 'entities',
        columns: ['namespace', 'name', 'entity_type', 'created_at', 'updated_at', 'search_text'],
        rows: fresh.map(entity => [
          namespace,
          entity.name,
          entity.entityType,
          stamp,
          stamp,
          searchTextOf(entity)
        ]),
        returning: ['id', 'name']
      });
      const ids = new Map(inserted.map(row => [row.name as string, Number(row.id)]));
      await insertRows(trx, this.store.engine, {
        table: 'observations',
        columns: ['entity_id', 'content', 'created_at', 'updated_at'],
        rows: fresh.flatMap(entity =>
          entity.observations.map(content => [ids.get(entity.name), content, stamp, stamp])
        )
      });
      return fresh;
    });
  }

  /** Creates relations that are new; both endpoints must exist (else nothing is created). */
  async createRelations(namespace: string, relations: readonly Relation[]): Promise<Relation[]> {
    const batch = unique(relations, edgeKey);
    return writeTransaction(this.store, async trx => {
      const ids = await this.idsByName(
        trx,
        namespace,
        batch.flatMap(relation => [relation.from, relation.to])
      );
      const missing = [...new Set(batch.flatMap(relation => [relation.from, relation.to]))].filter(
        name => !ids.has(name)
      );
      if (missing.length > 0) throw new MissingEntitiesError(missing);
      const existing = new Set((await this.relationsAmong(trx, namespace, [...ids.values()])).map(edgeKey));
      const fresh = batch.filter(relation => !existing.has(edgeKey(relation)));
      const stamp = now();
      await insertRows(trx, this.store.engine, {
        table: 'relations',
        columns: ['namespace', 'from_id', 'to_id', 'relation_type', 'created_at', 'updated_at'],
        rows: fresh.map(relation => [
          namespace,
          ids.get(relation.from),
          ids.get(relation.to),
          relation.relationType,
          stamp,
          stamp
        ])
      });
      return fresh;
    });
  }

  /** Adds observations that are new to each entity; every entity must exist (else nothing is added). */
  async addObservations(
    namespace: string,
    additions: readonly { entityName: string; contents: readonly string[] }[]
  ): Promise<{ entityName: string; addedObservations: string[] }[]> {
    return writeTransaction(this.store, async trx => {
      const ids = await this.idsByName(
        trx,
        namespace,
        additions.map(addition => addition.entityName)
      );
      const missing = additions.map(addition => addition.entityName).filter(name => !ids.has(name));
      if (missing.length > 0) throw new MissingEntitiesError([...new Set(missing)]);
      const stamp = now();
      const results: { entityName: string; addedObservations: string[] }[] = [];
      for (const addition of additions) {
        const id = ids.get(addition.entityName) as number;
        const present = new Set(
          (
            await trx
              .selectFrom('observations')
              .select('content')
              .where('entity_id', '=', id)
              .where('content', 'in', addition.contents.length > 0 ? [...addition.contents] : [''])
              .execute()
          ).map(row => row.content)
        );
        const added = unique(addition.contents, content => content).filter(content => !present.has(content));
        await insertRows(trx, this.store.engine, {
          table: 'observations',
          columns: ['entity_id', 'content', 'created_at', 'updated_at'],
          rows: added.map(content => [id, content, stamp, stamp])
        });
        if (added.length > 0)
          await trx.updateTable('entities').set({ updated_at: stamp }).where('id', '=', id).execute();
        results.push({ entityName: addition.entityName, addedObservations: added });
      }
      await refreshSearchText(trx, [...ids.values()]);
      return results;
    });
  }

  /** Deletes entities (and, by cascade, their observations and relations); unknown names are ignored. */
  async deleteEntities(namespace: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await writeTransaction(this.store, async trx => {
      for (const part of chunks(names)) {
        await trx
          .deleteFrom('entities')
          .where('namespace', '=', namespace)
          .where('name', 'in', part)
          .execute();
      }
    });
  }

  /** Deletes the given observations; unknown entities and observations are ignored. */
  async deleteObservations(
    namespace: string,
    deletions: readonly { entityName: string; observations: readonly string[] }[]
  ): Promise<void> {
    await writeTransaction(this.store, async trx => {
      const ids = await this.idsByName(
        trx,
        namespace,
        deletions.map(deletion => deletion.entityName)
      );
      const stamp = now();
      for (const deletion of deletions) {
        const id = ids.get(deletion.entityName);
        if (id === undefined || deletion.observations.length === 0) continue;
        await trx
          .deleteFrom('observations')
          .where('entity_id', '=', id)
          .where('content', 'in', [...deletion.observations])
          .execute();
        await trx.updateTable('entities').set({ updated_at: stamp }).where('id', '=', id).execute();
      }
      await refreshSearchText(trx, [...ids.values()]);
    });
  }

  /** Deletes the given relations; unknown ones are ignored. */
  async deleteRelations(namespace: string, relations: readonly Relation[]): Promise<void> {
    await writeTransaction(this.store, async trx => {
      const ids = await this.idsByName(
        trx,
        namespace,
        relations.flatMap(relation => [relation.from, relation.to])
      );
      for (const relation of relations) {
        const from = ids.get(relation.from);
        const to = ids.get(relation.to);
        if (from === undefined || to === undefined) continue;
        await trx
          .deleteFrom('relations')
          .where('from_id', '=', from)
          .where('to_id', '=', to)
          .where('relation_type', '=', relation.relationType)
          .execute();
      }
    });
  }

  /** Whether the namespace holds no entity (cheap: it reads at most one row). */
  async isEmpty(namespace: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('entities')
      .select('id')
      .where('namespace', '=', namespace)
      .limit(1)
      .executeTakeFirst();
    return row === undefined;
  }

  /** The whole graph of a namespace, in insertion order (the order the official file keeps). */
  async readGraph(namespace: string): Promise<KnowledgeGraph> {
    const db = this.store.db;
    const entities = await db
      .selectFrom('entities')
      .select(['id', 'name', 'entity_type'])
      .where('namespace', '=', namespace)
      .orderBy('id')
      .execute();
    const observations = await db
      .selectFrom('observations')
      .innerJoin('entities', 'entities.id', 'observations.entity_id')
      .select(['observations.entity_id', 'observations.content'])
      .where('entities.namespace', '=', namespace)
      .orderBy('observations.id')
      .execute();
    const byEntity = new Map<number, string[]>();
    for (const row of observations) {
      const list = byEntity.get(row.entity_id) ?? [];
      list.push(row.content);
      byEntity.set(row.entity_id, list);
    }
    return {
      entities: entities.map(row => ({
        name: row.name,
        entityType: row.entity_type,
        observations: byEntity.get(row.id) ?? []
      })),
      relations: await this.relationsAmong(db, namespace)
    };
  }

  /** Entities by name, with every relation touching one of them (as the official open_nodes). */
  async openNodes(namespace: string, names: readonly string[]): Promise<KnowledgeGraph> {
    const ids = await this.idsByName(this.store.db, namespace, names);
    return this.subgraph(namespace, [...ids.values()]);
  }

  /**
   * The official search, ranked and paged: see rankedMatches for what matches and in what order.
   * At most `limit` entities from `offset`, with every relation touching one of them; `total`
   * counts every match.
   */
  async searchNodes(
    namespace: string,
    query: string,
    window: { offset?: number; limit?: number } = {}
  ): Promise<KnowledgeGraph & { total: number }> {
    const hits = await rankedMatches(this.store, namespace, query);
    const offset = window.offset ?? 0;
    const chosen = hits.slice(offset, offset + (window.limit ?? hits.length));
    return { ...(await this.subgraph(namespace, chosen)), total: hits.length };
  }

  /** Entities by id (in the given order) with their observations and every relation touching them. */
  private async subgraph(namespace: string, ids: readonly number[]): Promise<KnowledgeGraph> {
    if (ids.length === 0) return { entities: [], relations: [] };
    const db = this.store.db;
    const entities = new Map<number, Entity>();
    const observations: { entity_id: number; content: string }[] = [];
    const relations: (Relation & { id: number })[] = [];
    for (const part of chunks(ids)) {
      for (const row of await db
        .selectFrom('entities')
        .select(['id', 'name', 'entity_type'])
        .where('id', 'in', part)
        .execute()) {
        entities.set(Number(row.id), { name: row.name, entityType: row.entity_type, observations: [] });
      }
      observations.push(
        ...(await db
          .selectFrom('observations')
          .select(['entity_id', 'content', 'id'])
          .where('entity_id', 'in', part)
          .orderBy('id')
          .execute())
      );
      relations.push(
        ...(await db
          .selectFrom('relations')
          .innerJoin('entities as source', 'source.id', 'relations.from_id')
          .innerJoin('entities as target', 'target.id', 'relations.to_id')
          .select([
            'source.name as from',
            'target.name as to',
            'relations.relation_type as relationType',
            'relations.id'
          ])
          .where('relations.namespace', '=', namespace)
          .where(eb => eb.or([eb('relations.from_id', 'in', part), eb('relations.to_id', 'in', part)]))
          .orderBy('relations.id')
          .execute())
      );
    }
    for (const row of observations) entities.get(Number(row.entity_id))?.observations.push(row.content);
    // A relation touching two chosen entities arrives once per chunk it matches: keep each once, in order.
    const byId = new Map(
      relations.map(({ id, from, to, relationType }) => [Number(id), { from, to, relationType }])
    );
    const unique = [...byId.entries()]
      .sort(([left], [right]) => left - right)
      .map(([, relation]) => relation);
    return { entities: ids.flatMap(id => entities.get(id) ?? []), relations: unique };
  }

  private async idsByName(
    db: Kysely<MemoryDatabase>,
    namespace: string,
    names: readonly string[]
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const part of chunks([...new Set(names)])) {
      const rows = await db
        .selectFrom('entities')
        .select(['id', 'name'])
        .where('namespace', '=', namespace)
        .where('name', 'in', part)
        .execute();
      for (const row of rows) ids.set(row.name, Number(row.id));
    }
    return ids;
  }

  private async relationsAmong(
    db: Kysely<MemoryDatabase>,
    namespace: string,
    ids?: readonly number[]
  ): Promise<Relation[]> {
    let query = db
      .selectFrom('relations')
      .innerJoin('entities as source', 'source.id', 'relations.from_id')
      .innerJoin('entities as target', 'target.id', 'relations.to_id')
      .select(['source.name as from', 'target.name as to', 'relations.relation_type as relationType'])
      .where('relations.namespace', '=', namespace)
      .orderBy('relations.id');
    if (ids !== undefined) {
      if (ids.length === 0) return [];
      query = query.where('relations.from_id', 'in', [...ids]);
    }
    return query.execute();
  }
}
