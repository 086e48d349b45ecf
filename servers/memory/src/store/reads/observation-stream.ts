import type { Kysely } from 'kysely';
import { CompiledQuery, sql } from 'kysely';

import type { Engine } from '../engine.js';
import type { MemoryDatabase } from '../schema.js';
import type { EntityRow } from './entity-rows.js';

/** An observation as a page reads it. */
export interface ObservationRow {
  id: number;
  content: string;
}

/** Text read ahead per chunk: a page holds at most a budget's worth, so more is waste. */
const CHUNK_CHARS = 256 * 1024;

/** Observations read ahead per entity, and how much of each, when a page reads many entities at once. */
export const AHEAD_ROWS = 8;
export const AHEAD_CHARS = 4096;

/** The first observations of several entities, read in one query: what ObservationStream starts from. */
export interface ReadAhead {
  rows: ObservationRow[];
  /** Whether the rows are all of the entity's observations from the start id on. */
  complete: boolean;
}

/** SQLite: entities read ahead per statement are padded to one of these counts (few shapes to keep prepared). */
const SQLITE_AHEAD_SHAPES = [8, 16, 32, 64] as const;

/**
 * SQLite has no lateral join: one compound statement of a small indexed select per entity, padded
 * with entities that cannot exist (id −1) to a few shapes, so its prepared statements are reused.
 */
async function sqliteReadAhead(
  db: Kysely<MemoryDatabase>,
  entities: readonly { entityId: number; fromId: number }[]
): Promise<AheadRow[]> {
  const rows: AheadRow[] = [];
  const widest = SQLITE_AHEAD_SHAPES.at(-1) as number;
  for (let start = 0; start < entities.length; start += widest) {
    const part = entities.slice(start, start + widest);
    const shape = SQLITE_AHEAD_SHAPES.find(size => size >= part.length) ?? widest;
    const member = `select * from (select entity_id, id, substr(content, 1, ${AHEAD_CHARS + 1}) as content,
      length(content) as length from observations where entity_id = ? and id >= ? order by id limit ${AHEAD_ROWS})`;
    const parameters: number[] = [];
    for (let at = 0; at < shape; at++) {
      const entity = part[at];
      parameters.push(entity?.entityId ?? -1, entity?.fromId ?? 0);
    }
    const statement = `${Array.from({ length: shape }, () => member).join(' union all ')} order by 1, 2`;
    const result = await db.executeQuery<AheadRow>(CompiledQuery.raw(statement, parameters));
    rows.push(...result.rows);
  }
  return rows;
}

/**
 * Reads the first few observations of each entity in one statement, each cut to a few KB (a stream
 * reads a longer one again, whole, when it gets there): on PostgreSQL a page of a hundred entities
 * costs one round trip instead of a hundred, and on SQLite one statement's overhead (some 30–50 µs
 * through kysely) instead of one per entity, which was most of a small page's reading.
 */
export async function readAhead(
  scope: { db: Kysely<MemoryDatabase>; engine: Engine },
  entities: readonly { entityId: number; fromId: number }[]
): Promise<Map<number, ReadAhead>> {
  if (entities.length === 0) return new Map<number, ReadAhead>();
  if (scope.engine === 'sqlite') return aheadOf(entities, await sqliteReadAhead(scope.db, entities));
  const { rows } = await sql<AheadRow>`
    select p.entity_id, o.id, substr(o.content, 1, ${AHEAD_CHARS + 1}) as content, length(o.content) as length
    from unnest(${entities.map(entity => entity.entityId)}::int[], ${entities.map(entity => entity.fromId)}::int[])
      as p(entity_id, from_id)
    cross join lateral (select id, content from observations
      where entity_id = p.entity_id and id >= p.from_id order by id limit ${AHEAD_ROWS}) o
    order by p.entity_id, o.id`.execute(scope.db);
  return aheadOf(entities, rows);
}

/**
 * PostgreSQL: the entities themselves (those not gone) and their first observations, as readAhead
 * reads them, in one statement: a search page's reads cost one round trip (and one busy backend)
 * fewer than the two apart.
 */
export async function entitiesReadAhead(
  db: Kysely<MemoryDatabase>,
  entities: readonly { entityId: number; fromId: number }[],
  namespace: string
): Promise<{ rows: Map<number, EntityRow>; ahead: Map<number, ReadAhead> }> {
  const { rows } = await sql<AheadRow & { name: string; entity_type: string }>`
    select p.entity_id, e.name, e.entity_type, o.id,
      substr(o.content, 1, ${AHEAD_CHARS + 1}) as content, length(o.content) as length
    from unnest(${entities.map(entity => entity.entityId)}::int[], ${entities.map(entity => entity.fromId)}::int[])
      as p(entity_id, from_id)
    join entities e on e.id = p.entity_id and e.namespace = ${namespace}
    left join lateral (select id, content from observations
      where entity_id = p.entity_id and id >= p.from_id order by id limit ${AHEAD_ROWS}) o on true
    order by p.entity_id, o.id`.execute(db);
  const found = new Map<number, EntityRow>();
  for (const row of rows) {
    const id = Number(row.entity_id);
    if (!found.has(id)) found.set(id, { id, name: row.name, entityType: row.entity_type });
  }
  // An entity without observations (from its start id) comes as one row without one.
  return {
    rows: found,
    ahead: aheadOf(
      entities,
      rows.filter(row => row.id !== null)
    )
  };
}

/** A row of observations read ahead: the entity's, then the observation's (cut to AHEAD_CHARS + 1). */
export interface AheadRow {
  entity_id: number;
  id: number | null;
  content: string;
  length: number;
}

/** What was read ahead per entity, from the rows in entity and observation order. */
export function aheadOf(
  entities: readonly { entityId: number }[],
  rows: readonly AheadRow[]
): Map<number, ReadAhead> {
  const ahead = new Map<number, ReadAhead>();
  const counts = new Map<number, number>();
  for (const entity of entities) ahead.set(entity.entityId, { rows: [], complete: true });
  for (const row of rows) {
    const entityId = Number(row.entity_id);
    const entry = ahead.get(entityId);
    // Only the entities asked for (a row of another would be a bug of the statement: not shown).
    if (entry === undefined) continue;
    counts.set(entityId, (counts.get(entityId) ?? 0) + 1);
    // A long row ends what was read ahead: the stream reads it, and what follows, itself.
    if (!entry.complete) continue;
    if (Number(row.length) > AHEAD_CHARS) entry.complete = false;
    else entry.rows.push({ id: Number(row.id), content: row.content });
  }
  for (const [entityId, entry] of ahead)
    if ((counts.get(entityId) ?? 0) >= AHEAD_ROWS) entry.complete = false;
  return ahead;
}

/**
 * One entity's observations in order (by id), from an observation id on, read in chunks that grow
 * while the texts are small: a page reading a few observations of an entity holding thousands
 * never loads them all, and one reading many does not pay a query for each.
 */
export class ObservationStream {
  #buffered: ObservationRow[] = [];
  readonly engine: Engine;
  #next: number;
  #done = false;
  #chunk = 8;

  #statement(): string {
    return this.engine === 'postgres'
      ? 'select id, content from observations where entity_id = $1 and id >= $2 order by id limit $3'
      : 'select id, content from observations where entity_id = ? and id >= ? order by id limit ?';
  }

  constructor(
    private readonly db: Kysely<MemoryDatabase>,
    private readonly entityId: number,
    start: { fromId?: number; ahead?: ReadAhead; engine?: Engine } = {}
  ) {
    this.engine = start.engine ?? 'sqlite';
    this.#next = start.fromId ?? 0;
    if (start.ahead !== undefined) {
      this.#buffered = [...start.ahead.rows];
      this.#done = start.ahead.complete;
      const last = this.#buffered.at(-1);
      if (last !== undefined) this.#next = last.id + 1;
      this.#chunk = 32;
    }
  }

  async next(): Promise<ObservationRow | undefined> {
    if (this.#buffered.length === 0 && !this.#done) await this.#fill();
    return this.#buffered.shift();
  }

  async #fill(): Promise<void> {
    // Compiled by hand: a page runs this once per entity, and kysely's builder cost more than the query.
    const { rows } = await this.db.executeQuery<{ id: number; content: string }>(
      CompiledQuery.raw(this.#statement(), [this.entityId, this.#next, this.#chunk])
    );
    if (rows.length < this.#chunk) this.#done = true;
    const chars = rows.reduce((sum, row) => sum + row.content.length, 0);
    const average = rows.length === 0 ? 1 : Math.max(1, chars / rows.length);
    this.#chunk = Math.max(4, Math.min(512, this.#chunk * 4, Math.floor(CHUNK_CHARS / average)));
    this.#buffered = rows.map(row => ({ id: Number(row.id), content: row.content }));
    const last = this.#buffered.at(-1);
    if (last !== undefined) this.#next = last.id + 1;
  }
}
