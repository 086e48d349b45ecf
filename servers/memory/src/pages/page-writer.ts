import { jsonBytes } from '@mcpkit/core';

import type { Relation } from '../store/graph.js';
import { CONTENT_ENVELOPE_BYTES, fittingPrefix, valueBytes } from './text-bytes.js';

/** How much of each entity a read returns: all of it, a summary, or just its name. */
export type ReadMode = 'full' | 'summary' | 'names';

/** An entity as a page shows it. The markers say where a page cut it. */
export interface PageEntity {
  name: string;
  entityType?: string;
  observations?: string[];
  observationCount?: number;
  /** Index of the first observation shown, when an earlier page showed the ones before it. */
  observationsFrom?: number;
  /** The first observation shown is the rest of one an earlier page cut. */
  firstObservationContinued?: true;
  /** More of this entity's observations follow on the next page. */
  observationsTruncated?: true;
  /** The last observation shown is cut; the next page starts with the rest of it. */
  lastObservationContinues?: true;
}

/** The part of a page a writer fills: entities, then relations. */
export interface GraphPage {
  entities: PageEntity[];
  relations: Relation[];
}

/**
 * Room kept for what a page ends with and a writer does not measure item by item: `nextCursor`
 * (cursors stay under 512 characters), `truncated`, and the end markers of the entity a page cuts.
 */
const TAIL_BYTES = 900;

/** The least a cut piece of an observation takes, unless the page has nothing else to show. */
const MIN_PIECE_BYTES = 1024;

/** The outcome of adding an observation: added whole, cut to `chars` UTF-16 units, or no room. */
export type Added = { kind: 'added' } | { kind: 'cut'; chars: number } | { kind: 'full' };

/**
 * Fills one page of a graph read within the output budget, measured as the client receives it:
 * the compact JSON of the page, escaped inside the text content block (core checks exactly that).
 * Entities are split between observations, and an observation too long for a page is cut (and
 * marked), so a walk always moves forward and always reaches the end, whatever the budget holds.
 */
export class PageWriter {
  readonly page: GraphPage = { entities: [], relations: [] };
  readonly #mode: ReadMode;
  readonly #limit: number;
  #used: number;
  #open: PageEntity | undefined;
  #openAlone = false;
  #openCost = 0;
  #freshRoom = 0;

  constructor(maxOutputBytes: number, mode: ReadMode) {
    this.#mode = mode;
    this.#limit = maxOutputBytes - CONTENT_ENVELOPE_BYTES - TAIL_BYTES;
    this.#used = jsonBytes('{"entities":[],"relations":[]}');
  }

  get isEmpty(): boolean {
    return this.page.entities.length === 0 && this.page.relations.length === 0;
  }

  get remaining(): number {
    return this.#limit - this.#used;
  }

  /**
   * Starts an entity; false, with nothing added, when its header does not fit. `continuation` says
   * the page starts inside it: from its observation number `from`, maybe with the rest of a cut one.
   */
  startEntity(
    header: { name: string; entityType: string; observationCount?: number },
    continuation?: { from: number; continued: boolean }
  ): boolean {
    const entity: PageEntity = { name: header.name };
    if (this.#mode !== 'names') entity.entityType = header.entityType;
    if (this.#mode === 'full') entity.observations = [];
    if (this.#mode === 'summary') entity.observationCount = header.observationCount ?? 0;
    if (continuation !== undefined && this.#mode === 'full') {
      entity.observationsFrom = continuation.from;
      if (continuation.continued) entity.firstObservationContinued = true;
    }
    const cost = valueBytes(entity) + (this.page.entities.length > 0 ? 1 : 0);
    if (cost > this.remaining) {
      if (this.isEmpty) throw new Error(`An entity header of ${cost} bytes does not fit an empty page.`);
      return false;
    }
    this.#used += cost;
    this.#openCost = cost;
    this.#openAlone = this.isEmpty;
    this.page.entities.push(entity);
    this.#open = entity;
    this.#freshRoom = this.#limit - jsonBytes('{"entities":[],"relations":[]}') - cost;
    return true;
  }

  /**
   * Takes back the entity just started, when not one of its observations fit after it: the next
   * page starts with it instead of this one showing a header with nothing under it.
   */
  abandonEntity(): void {
    const entity = this.#open;
    if (entity === undefined || this.page.entities.at(-1) !== entity) return;
    this.page.entities.pop();
    this.#used -= this.#openCost;
    this.#open = undefined;
  }

  /** Adds an observation to the entity just started (full mode). */
  addObservation(text: string): Added {
    const entity = this.#open;
    if (entity?.observations === undefined)
      throw new Error('addObservation needs an entity started in full mode.');
    const comma = entity.observations.length > 0 ? 1 : 0;
    const cost = valueBytes(text) + comma;
    if (cost <= this.remaining) {
      entity.observations.push(text);
      this.#used += cost;
      return { kind: 'added' };
    }
    const alone = this.#openAlone && entity.observations.length === 0;
    const neverFits = cost > this.#freshRoom;
    if (!alone && !(neverFits && this.remaining >= MIN_PIECE_BYTES)) return { kind: 'full' };
    const quotes = jsonBytes('""');
    const chars = fittingPrefix(text, this.remaining - comma - quotes);
    if (chars === 0) return { kind: 'full' };
    const piece = text.slice(0, chars);
    entity.observations.push(piece);
    this.#used += valueBytes(piece) + comma;
    return { kind: 'cut', chars };
  }

  /** Ends the entity just started; `truncated` marks that the next page goes on with it. */
  endEntity(truncated: { more: boolean; lastCut: boolean }): void {
    const entity = this.#open;
    this.#open = undefined;
    if (entity === undefined) return;
    if (truncated.more) entity.observationsTruncated = true;
    if (truncated.lastCut) entity.lastObservationContinues = true;
  }

  /** Adds a relation; false, with nothing added, when it does not fit. */
  addRelation(row: Relation): boolean {
    // Only what the page shows is measured (a row may carry its ids too).
    const relation = { from: row.from, to: row.to, relationType: row.relationType };
    const cost = valueBytes(relation) + (this.page.relations.length > 0 ? 1 : 0);
    if (cost > this.remaining) {
      if (this.isEmpty) throw new Error(`A relation of ${cost} bytes does not fit an empty page.`);
      return false;
    }
    this.#used += cost;
    this.page.relations.push(relation);
    return true;
  }
}

/** The smallest output budget a graph read fits every entity and relation the limits allow in. */
export const MIN_GRAPH_BUDGET = 32_768;
