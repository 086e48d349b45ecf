import type { OpenDatabase } from './database.js';
import type { Entity, KnowledgeGraph, Relation } from './graph.js';
import { entitiesFrom } from './reads/entity-rows.js';
import { ObservationStream } from './reads/observation-stream.js';
import { relationsFrom } from './reads/relation-rows.js';
import { addObservations } from './writes/add-observations.js';
import type { AddedObservations, ObservationAddition } from './writes/add-observations.js';
import { createEntities } from './writes/create-entities.js';
import { createRelations } from './writes/create-relations.js';
import { deleteEntities } from './writes/delete-entities.js';
import { deleteObservations } from './writes/delete-observations.js';
import type { ObservationDeletion } from './writes/delete-observations.js';
import { deleteRelations } from './writes/delete-relations.js';
import { mergeEntities } from './writes/merge-entities.js';
import { renameEntity } from './writes/rename-entity.js';
import { writeTransaction } from './write-transaction.js';
import type { WriteScope } from './write-transaction.js';

export { MissingEntitiesError } from './errors.js';

/** The graph's write operations bound to one transaction, for work that must commit whole. */
export interface GraphWriter {
  createEntities(namespace: string, entities: readonly Entity[]): Promise<Entity[]>;
  createRelations(namespace: string, relations: readonly Relation[]): Promise<Relation[]>;
  addObservations(namespace: string, additions: readonly ObservationAddition[]): Promise<AddedObservations[]>;
  deleteEntities(namespace: string, names: readonly string[]): Promise<number>;
  deleteObservations(namespace: string, deletions: readonly ObservationDeletion[]): Promise<number>;
  deleteRelations(namespace: string, relations: readonly Relation[]): Promise<number>;
  renameEntity(namespace: string, rename: { from: string; to: string }): Promise<void>;
  mergeEntities(namespace: string, merge: { into: string; sources: readonly string[] }): Promise<number>;
  /** The transaction itself, for bookkeeping that commits with the writes (an import's record). */
  scope: WriteScope;
}

/**
 * The knowledge graph on a database: the official server's operations and rename and merge, each
 * one transaction, scoped to a namespace. Names are unique per namespace; duplicates within a batch
 * count once; relations need both endpoints to exist, and deleting an entity removes its relations.
 */
export class GraphStore {
  constructor(readonly database: OpenDatabase) {}

  /** Runs several operations in one transaction: all of them commit, or none. */
  write<T>(work: (writer: GraphWriter) => Promise<T>): Promise<T> {
    return writeTransaction(this.database, scope => work(this.#writer(scope)));
  }

  createEntities(namespace: string, entities: readonly Entity[]): Promise<Entity[]> {
    return this.write(writer => writer.createEntities(namespace, entities));
  }

  createRelations(namespace: string, relations: readonly Relation[]): Promise<Relation[]> {
    return this.write(writer => writer.createRelations(namespace, relations));
  }

  addObservations(
    namespace: string,
    additions: readonly ObservationAddition[]
  ): Promise<AddedObservations[]> {
    return this.write(writer => writer.addObservations(namespace, additions));
  }

  deleteEntities(namespace: string, names: readonly string[]): Promise<number> {
    return this.write(writer => writer.deleteEntities(namespace, names));
  }

  deleteObservations(namespace: string, deletions: readonly ObservationDeletion[]): Promise<number> {
    return this.write(writer => writer.deleteObservations(namespace, deletions));
  }

  deleteRelations(namespace: string, relations: readonly Relation[]): Promise<number> {
    return this.write(writer => writer.deleteRelations(namespace, relations));
  }

  /**
   * The whole graph of a namespace, in creation order (the order the official file keeps), read
   * by keyset in batches. For tests and small graphs: tools read pages instead.
   */
  async readGraph(namespace: string): Promise<KnowledgeGraph> {
    const graph: KnowledgeGraph = { entities: [], relations: [] };
    for (let from = 0; ;) {
      const rows = await entitiesFrom(this.database.db, { namespace, fromId: from, limit: 1000 });
      for (const row of rows) {
        const observations: string[] = [];
        const stream = new ObservationStream(this.database.db, row.id, { engine: this.database.engine });
        for (let next = await stream.next(); next !== undefined; next = await stream.next()) {
          observations.push(next.content);
        }
        graph.entities.push({ name: row.name, entityType: row.entityType, observations });
      }
      if (rows.length < 1000) break;
      from = (rows.at(-1)?.id ?? 0) + 1;
    }
    for (let from = 0; ;) {
      const rows = await relationsFrom(this.database.db, { namespace, fromId: from, limit: 1000 });
      graph.relations.push(
        ...rows.map(({ from: source, to, relationType }) => ({ from: source, to, relationType }))
      );
      if (rows.length < 1000) break;
      from = (rows.at(-1)?.id ?? 0) + 1;
    }
    return graph;
  }

  #writer(scope: WriteScope): GraphWriter {
    return {
      scope,
      createEntities: (namespace, entities) => createEntities(scope, namespace, entities),
      createRelations: (namespace, relations) => createRelations(scope, namespace, relations),
      addObservations: (namespace, additions) => addObservations(scope, namespace, additions),
      deleteEntities: (namespace, names) => deleteEntities(scope, namespace, names),
      deleteObservations: (namespace, deletions) => deleteObservations(scope, namespace, deletions),
      deleteRelations: (namespace, relations) => deleteRelations(scope, namespace, relations),
      renameEntity: (namespace, rename) => renameEntity(scope, namespace, rename),
      mergeEntities: (namespace, merge) => mergeEntities(scope, namespace, merge)
    };
  }
}
