import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { withHeavyWork } from '../fs/heavy-work.js';

/**
 * Names in a confined directory (a `/` after a directory's) that `keep` accepts and the deny list
 * does not cover, sorted, at most `most`: read entry by entry, holding only what is kept, and
 * inside the process's heavy-work budget, so a completion on every keystroke in a directory of
 * 200,000 entries holds no more than `most` names. In a directory with more matches than that,
 * the first `most` met (in directory order) are sorted.
 */
export async function directoryNames(
  sandbox: Sandbox,
  directory: ResolvedPath,
  options: { most: number; keep?: (name: string) => boolean }
): Promise<string[]> {
  return withHeavyWork(undefined, async () => {
    const names: string[] = [];
    const dir = await sandbox.openDirectory(directory);
    try {
      for await (const entry of dir) {
        if (options.keep !== undefined && !options.keep(entry.name)) continue;
        if (sandbox.deny.denies(sandbox.child(directory, entry.name))) continue;
        names.push(`${entry.name}${entry.isDirectory() ? '/' : ''}`);
        if (names.length >= options.most) break;
      }
    } finally {
      await dir.close().catch(() => undefined);
    }
    return names.sort();
  });
}
