import { byteLength } from './byte-length.js';

/** One page of items, with the offset to continue from when more remain. */
export interface Page<T> {
  items: T[];
  /** Offset of the first item not returned; absent when the page reaches the end. */
  nextOffset?: number;
  /** True when the page stopped early because of the byte budget rather than the item limit. */
  cutByBudget: boolean;
}

export interface PageOptions {
  /** Index of the first item. */
  offset: number;
  /** Most items on the page. */
  limit: number;
  /** Most bytes the page's items may take, measured as JSON. */
  maxBytes: number;
}

/**
 * Takes items from `offset` until `limit` items or `maxBytes` of JSON are reached, whichever comes
 * first. At least one item is returned when any remain and it fits, so a caller always advances.
 */
export function paginate<T>(items: readonly T[], options: PageOptions): Page<T> {
  const page: T[] = [];
  let used = 2; // the enclosing []
  let index = options.offset;
  let cutByBudget = false;
  for (; index < items.length && page.length < options.limit; index++) {
    const item = items[index] as T;
    const size = byteLength(item) + 1;
    if (used + size > options.maxBytes) {
      cutByBudget = true;
      break;
    }
    used += size;
    page.push(item);
  }
  return index < items.length
    ? { items: page, nextOffset: index, cutByBudget }
    : { items: page, cutByBudget };
}
