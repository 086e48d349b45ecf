import type { Kysely } from 'kysely';

import type { Engine } from '../store/engine.js';
import type { EntityRow } from '../store/reads/entity-rows.js';
import { observationCounts, observationsBefore } from '../store/reads/entity-rows.js';
import { ObservationStream, readAhead } from '../store/reads/observation-stream.js';
import type { ObservationRow, ReadAhead } from '../store/reads/observation-stream.js';
import type { MemoryDatabase } from '../store/schema.js';
import type { ReadMode } from './page-writer.js';
import type { PageWriter } from './page-writer.js';
import type { InsideEntity } from './positions.js';

/** Entities whose first observations are read in one go. */
export const AHEAD_ENTITIES = 64;

/**
 * Writes entities into a page, in the order given, with their observations in id order, until the
 * page is full. Returns where the next page starts (`undefined`: every entity fit). `start` says
 * the first entity continues from an earlier page.
 */
export async function fillEntities(
  writer: PageWriter,
  options: {
    store: { db: Kysely<MemoryDatabase>; engine: Engine };
    mode: ReadMode;
    entities: readonly EntityRow[];
    start?: InsideEntity;
    /** The first entities' first observations, read already (see readAhead). */
    ahead?: Map<number, ReadAhead>;
  }
): Promise<InsideEntity | undefined> {
  const { store, mode, entities, start } = options;
  const db = store.db;
  // Observations read ahead, a slice of entities at a time (one round trip each on PostgreSQL).
  let ahead = options.ahead ?? new Map<number, ReadAhead>();
  const fromOf = (entity: EntityRow) => (start?.entityId === entity.id ? (start.observationId ?? 0) : 0);
  const counts =
    mode === 'summary'
      ? await observationCounts(
          db,
          entities.map(entity => entity.id)
        )
      : new Map<number, number>();
  for (const entity of entities) {
    const header = {
      name: entity.name,
      entityType: entity.entityType,
      observationCount: counts.get(entity.id) ?? 0
    };
    const resumed = start?.entityId === entity.id && start.observationId !== undefined ? start : undefined;
    if (mode !== 'full') {
      if (!writer.startEntity(header)) return { entityId: entity.id };
      continue;
    }
    if (!ahead.has(entity.id)) {
      const next = entities.slice(entities.indexOf(entity), entities.indexOf(entity) + AHEAD_ENTITIES);
      ahead = await readAhead(
        store,
        next.map(item => ({ entityId: item.id, fromId: fromOf(item) }))
      );
    }
    const stream = new ObservationStream(db, entity.id, {
      engine: store.engine,
      fromId: resumed?.observationId ?? 0,
      ...(ahead.has(entity.id) ? { ahead: ahead.get(entity.id) as ReadAhead } : {})
    });
    let pending: ObservationRow | undefined = await stream.next();
    // A page that starts inside the entity says from where: the rest of a cut observation, or the
    // next one (the cut one may have been deleted since, and then nothing continues).
    const continued =
      resumed !== undefined && pending?.id === resumed.observationId && (resumed.offset ?? 0) > 0;
    const continuation =
      resumed === undefined || pending === undefined
        ? undefined
        : { from: await observationsBefore(db, entity.id, pending.id), continued };
    if (!writer.startEntity(header, continuation)) return { entityId: entity.id, ...onlyIf(resumed) };
    let offset = continued ? (resumed?.offset ?? 0) : 0;
    let shown = 0;
    while (pending !== undefined) {
      const added = writer.addObservation(offset > 0 ? pending.content.slice(offset) : pending.content);
      if (added.kind === 'full') {
        const position = {
          entityId: entity.id,
          observationId: pending.id,
          ...(offset > 0 ? { offset } : {})
        };
        if (shown === 0) {
          writer.abandonEntity();
          // Not started at all: the next page starts it as this one would have.
          return resumed === undefined ? { entityId: entity.id } : position;
        }
        writer.endEntity({ more: true, lastCut: false });
        return position;
      }
      shown++;
      if (added.kind === 'cut') {
        writer.endEntity({ more: true, lastCut: true });
        return { entityId: entity.id, observationId: pending.id, offset: offset + added.chars };
      }
      offset = 0;
      pending = await stream.next();
    }
    writer.endEntity({ more: false, lastCut: false });
  }
  return undefined;
}

const onlyIf = (resumed: InsideEntity | undefined): Partial<InsideEntity> =>
  resumed === undefined
    ? {}
    : {
        ...(resumed.observationId === undefined ? {} : { observationId: resumed.observationId }),
        ...(resumed.offset === undefined ? {} : { offset: resumed.offset })
      };
