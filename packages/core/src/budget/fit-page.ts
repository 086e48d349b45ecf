/** One page of items, with the offset to continue from when more remain. */
export interface FittedPage<T> {
  items: T[];
  /** Offset of the first item not returned; absent when the page reaches the end. */
  nextOffset?: number;
  /** True when the page stopped early because of the byte budget rather than the item limit. */
  cutByBudget: boolean;
}

/**
 * The bytes a page has used in each rendering of its result, against one budget: what fitPage
 * counts with, for pages built one item at a time (a stream, a search) rather than from an array.
 */
export class PageMeter {
  readonly #used: number[] = [];

  constructor(private readonly maxBytes: number) {}

  /** Counts an item's bytes in each rendering (see fitPage) if all still fit; false (nothing counted) if not. */
  add(costs: readonly number[]): boolean {
    if (costs.some((cost, rendering) => (this.#used[rendering] ?? 0) + cost > this.maxBytes)) return false;
    costs.forEach((cost, rendering) => (this.#used[rendering] = (this.#used[rendering] ?? 0) + cost));
    return true;
  }
}

/**
 * Takes items from `offset` until `limit` items, or until one of the result's renderings would
 * pass `maxBytes`. `costs(item)` gives the item's bytes in each rendering that carries it, as the
 * budget counts them (in the JSON of structuredContent, `byteLength(item) + 1`; in the text, the
 * JSON-escaped bytes of its line, `jsonBytes(line) + 1`): each rendering is measured on its own,
 * so no rendering is given a guessed share. At least one item is returned when any remain and it
 * fits, so a caller always advances.
 */
export function fitPage<T>(
  items: readonly T[],
  options: { offset: number; limit: number; maxBytes: number; costs: (item: T) => readonly number[] }
): FittedPage<T> {
  const page: T[] = [];
  const meter = new PageMeter(options.maxBytes);
  let index = options.offset;
  let cutByBudget = false;
  for (; index < items.length && page.length < options.limit; index++) {
    const item = items[index] as T;
    if (!meter.add(options.costs(item))) {
      cutByBudget = true;
      break;
    }
    page.push(item);
  }
  return index < items.length
    ? { items: page, nextOffset: index, cutByBudget }
    : { items: page, cutByBudget };
}
