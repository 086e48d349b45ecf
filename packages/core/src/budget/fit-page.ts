/** One page of items, with the offset to continue from when more remain. */
export interface FittedPage<T> {
  items: T[];
  /** Offset of the first item not returned; absent when the page reaches the end. */
  nextOffset?: number;
  /** True when the page stopped early because of the byte budget rather than the item limit. */
  cutByBudget: boolean;
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
  const used: number[] = [];
  let index = options.offset;
  let cutByBudget = false;
  for (; index < items.length && page.length < options.limit; index++) {
    const item = items[index] as T;
    const costs = options.costs(item);
    if (costs.some((cost, rendering) => (used[rendering] ?? 0) + cost > options.maxBytes)) {
      cutByBudget = true;
      break;
    }
    costs.forEach((cost, rendering) => (used[rendering] = (used[rendering] ?? 0) + cost));
    page.push(item);
  }
  return index < items.length
    ? { items: page, nextOffset: index, cutByBudget }
    : { items: page, cutByBudget };
}
