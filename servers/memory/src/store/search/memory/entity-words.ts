import type { IndexedEntity } from './text-chunk.js';
import type { SlotList, WordRun } from './token-index.js';
import { SlotMarks } from './slot-marks.js';
import { TokenIndex, advanceMarks, wordRuns } from './token-index.js';

/** Postings read at most to test word starts (see startingEvery). */
const MARKED_POSTINGS = 262_144;
/** Stale postings the indexes may gather (and more than their live ones) before they are built again. */
const STALE_POSTINGS = 65_536;

/** What an entity's slot holds, and how many postings each index has for it. */
interface Held {
  slot: number;
  names: number;
  observations: number;
}

/**
 * The words of a namespace's names and observations (see TokenIndex), with each entity known by a
 * slot. A slot is never reused: a changed entity takes a new one, so a posting whose slot is
 * empty is stale, and one whose slot is filled is true of the entity there. That makes a lookup
 * of one whole word exact without reading the texts.
 */
export class EntityWords {
  #bySlot: (IndexedEntity | undefined)[] = [];
  readonly #held = new Map<number, Held>();
  #words = { name: new TokenIndex(), observation: new TokenIndex() };
  /** See startingEvery. */
  #marks = new SlotMarks();

  add(entity: IndexedEntity): void {
    this.remove(entity.id);
    this.#held.set(entity.id, this.#post(entity, this.#bySlot.length));
  }

  remove(id: number): void {
    const held = this.#held.get(id);
    if (held === undefined) return;
    this.#held.delete(id);
    this.#bySlot[held.slot] = undefined;
    this.#words.name.forget(held.names);
    this.#words.observation.forget(held.observations);
    const { name, observation } = this.#words;
    if (Math.max(name.stale, observation.stale) > Math.max(STALE_POSTINGS, name.live + observation.live)) {
      this.#rebuild();
    }
  }

  /**
   * The ids of entities whose name or some observation (`where`) contains `text`, at most
   * `limit`, or undefined when the words cannot narrow them to at most `most` to test.
   */
  find(
    where: 'name' | 'observation',
    text: string,
    options: { most: number; limit: number }
  ): number[] | undefined {
    const runs = wordRuns(text);
    if (runs.length === 0) return undefined;
    // One whole word: every entity posted under a word holding it holds it.
    const whole = runs.length === 1 && (runs[0] as WordRun).kind === 'infix';
    const test =
      where === 'name'
        ? (entity: IndexedEntity) => entity.name.includes(text)
        : (entity: IndexedEntity) => entity.observationText.includes(text);
    const slots = this.#words[where].find(runs, {
      ...options,
      holds: slot => {
        const entity = this.#bySlot[slot];
        return entity !== undefined && (whole || test(entity));
      }
    });
    return slots?.map(slot => (this.#bySlot[slot] as IndexedEntity).id);
  }

  /**
   * Those of `ids` whose name or observations have, for every one of `words`, a word starting
   * with it: exact, from the postings (a filled slot's are true of its entity), without reading
   * a text. Undefined when that would read more than MARKED_POSTINGS postings.
   */
  startingEvery(words: readonly string[], ids: readonly number[]): number[] | undefined {
    const postings: SlotList[][] = [];
    for (const word of words) {
      const lists: SlotList[] = [];
      for (const index of [this.#words.name, this.#words.observation]) {
        const found = index.startingLists(word, MARKED_POSTINGS);
        if (found === undefined) return undefined;
        lists.push(...found);
      }
      postings.push(lists);
    }
    // The candidates' slots carry a stamp, moved on by each word posted for them: those with the
    // last stamp have every word (no set per word, and no allocation but the result).
    const slots: number[] = [];
    for (const id of ids) {
      const held = this.#held.get(id);
      if (held !== undefined) slots.push(held.slot);
    }
    let kept = this.#marks.take(words.length + 1, this.#bySlot.length);
    const marks = this.#marks.marks;
    for (const slot of slots) marks[slot] = kept;
    for (const lists of postings) advanceMarks(marks, lists, kept++);
    const found: number[] = [];
    for (const slot of slots) {
      if (marks[slot] === kept) found.push((this.#bySlot[slot] as IndexedEntity).id);
    }
    return found;
  }

  #post(entity: IndexedEntity, slot: number): Held {
    this.#bySlot[slot] = entity;
    return {
      slot,
      names: this.#words.name.add(slot, [entity.name]),
      observations: this.#words.observation.add(slot, [entity.observationText])
    };
  }

  /** Posts every entity again, in slots numbered from 0, without the stale postings. */
  #rebuild(): void {
    const entities = this.#bySlot.filter(entity => entity !== undefined);
    this.#bySlot = [];
    this.#words = { name: new TokenIndex(), observation: new TokenIndex() };
    this.#marks = new SlotMarks();
    entities.forEach((entity, slot) => this.#held.set(entity.id, this.#post(entity, slot)));
  }
}
