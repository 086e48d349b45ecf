/**
 * In a string of texts joined end to end, whose starts are `starts` (ascending), the index of the
 * text holding position `at`: the last start at or before it.
 */
export function textAt(starts: Int32Array, at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
