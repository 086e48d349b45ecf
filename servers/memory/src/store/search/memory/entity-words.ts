import type { IndexedEntity } from './text-chunk.js';
import type { SlotList, WordRun } from './token-index.js';
import { IdSlots } from './id-slots.js';
import { SlotMarks } from './slot-marks.js';
import { MANY, TokenIndex, advanceMarks, wordRuns } from './token-index.js';

/** Postings read at most to test word starts (see startingEvery). */
const MARKED_POSTINGS = 262_144;
/** About how many postings startingEvery reads in the time it takes to classify one entity. */
const POSTINGS_PER_ENTITY = 64;
/** Stale postings the indexes may gather (and more than their live ones) before they are built again. */
const STALE_POSTINGS = 65_536;

/**
 * The words of a namespace's names and observations (see TokenIndex), with each entity known by a
 * slot. A slot is never reused: a changed entity takes a new one, so a posting whose slot is
 * empty is stale, and one whose slot is filled is true of the entity there. That makes a lookup
 * of one whole word exact without reading the texts.
 */
export class EntityWords {
  /**
   * Per slot: its entity, the entity's id (-1 once the slot is empty) and texts, and how many
   * postings each index has for it. A lookup reads thousands of slots: arrays of ids and of
   * texts stay in the processor's caches, where objects spread over a heap of a hundred
   * thousand entities do not (reading through them made lookups two to three times slower).
   */
  #bySlot: (IndexedEntity | undefined)[] = [];
  #ids: number[] = [];
  #texts: Record<'name' | 'observation', string[]> = { name: [], observation: [] };
  #postings: Record<'name' | 'observation', number[]> = { name: [], observation: [] };
  #slots = new IdSlots();
  #words = { name: new TokenIndex(), observation: new TokenIndex() };
  /** See startingEvery. */
  #marks = new SlotMarks();

  add(entity: IndexedEntity): void {
    this.remove(entity.id);
    this.#post(entity, this.#bySlot.length);
  }

  remove(id: number): void {
    const slot = this.#slots.get(id);
    if (slot === undefined) return;
    this.#slots.delete(id);
    this.#bySlot[slot] = undefined;
    this.#ids[slot] = -1;
    this.#texts.name[slot] = '';
    this.#texts.observation[slot] = '';
    this.#words.name.forget(this.#postings.name[slot] as number);
    this.#words.observation.forget(this.#postings.observation[slot] as number);
    const { name, observation } = this.#words;
    if (Math.max(name.stale, observation.stale) > Math.max(STALE_POSTINGS, name.live + observation.live)) {
      this.#rebuild();
    }
  }

  /**
   * The ids of entities whose name or some observation (`where`) contains `text`, at most
   * `limit`, or undefined when the words cannot narrow them to at most `most` to test (with
   * `estimate`, MANY: see TokenIndex.find).
   */
  find(
    where: 'name' | 'observation',
    text: string,
    options: { most: number; limit: number; estimate?: boolean }
  ): number[] | typeof MANY | undefined {
    const runs = wordRuns(text);
    if (runs.length === 0) return undefined;
    // One whole word: every entity posted under a word holding it holds it.
    const whole = runs.length === 1 && (runs[0] as WordRun).kind === 'infix';
    const ids = this.#ids;
    const texts = this.#texts[where];
    const slots = this.#words[where].find(runs, {
      ...options,
      holds: slot => ids[slot] !== -1 && (whole || (texts[slot] as string).includes(text))
    });
    if (slots === MANY || slots === undefined) return slots;
    return slots.map(slot => ids[slot] as number);
  }

  /**
   * Those of `ids` whose name or observations have, for every one of `words`, a word starting
   * with it: exact, from the postings (a filled slot's are true of its entity), without reading
   * a text. Undefined when that would read more than MARKED_POSTINGS postings, or (not `needed`)
   * more than classifying the ids would cost.
   */
  startingEvery(
    words: readonly string[],
    ids: readonly number[],
    options: { needed: boolean }
  ): number[] | undefined {
    const most = options.needed
      ? MARKED_POSTINGS
      : Math.min(MARKED_POSTINGS, ids.length * POSTINGS_PER_ENTITY);
    const postings: SlotList[][] = [];
    let read = 0;
    for (const word of words) {
      const lists: SlotList[] = [];
      for (const index of [this.#words.name, this.#words.observation]) {
        const found = index.startingLists(word, most - read);
        if (found === undefined) return undefined;
        for (const list of found) read += list.length;
        lists.push(...found);
      }
      postings.push(lists);
    }
    // The candidates' slots carry a stamp, moved on by each word posted for them: those with the
    // last stamp have every word (no set per word, and no allocation but the result).
    const slots: number[] = [];
    for (const id of ids) {
      const slot = this.#slots.get(id);
      if (slot !== undefined) slots.push(slot);
    }
    let kept = this.#marks.take(words.length + 1, this.#bySlot.length);
    const marks = this.#marks.marks;
    for (const slot of slots) marks[slot] = kept;
    for (const lists of postings) advanceMarks(marks, lists, kept++);
    const found: number[] = [];
    for (const slot of slots) {
      if (marks[slot] === kept) found.push(this.#ids[slot] as number);
    }
    return found;
  }

  #post(entity: IndexedEntity, slot: number): void {
    this.#slots.set(entity.id, slot);
    this.#bySlot[slot] = entity;
    this.#ids[slot] = entity.id;
    this.#texts.name[slot] = entity.name;
    this.#texts.observation[slot] = entity.observationText;
    this.#postings.name[slot] = this.#words.name.add(slot, [entity.name]);
    this.#postings.observation[slot] = this.#words.observation.add(slot, [entity.observationText]);
  }

  /** Posts every entity again, in slots numbered from 0, without the stale postings. */
  #rebuild(): void {
    const entities = this.#bySlot.filter(entity => entity !== undefined);
    this.#bySlot = [];
    this.#ids = [];
    this.#texts = { name: [], observation: [] };
    this.#postings = { name: [], observation: [] };
    this.#slots = new IdSlots();
    this.#words = { name: new TokenIndex(), observation: new TokenIndex() };
    this.#marks = new SlotMarks();
    entities.forEach((entity, slot) => this.#post(entity, slot));
  }
}
