import { createTwoFilesPatch } from 'diff';

/** A git-style unified diff of one file's change, with 3 lines of context. */
export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(path, path, before, after, 'original', 'modified', { context: 3 });
}
