import { lstat, mkdir, readFile, readdir, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { createTempDir } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { withAnchor } from './anchored-directory.js';
import { copyTree, removeTree } from './tree-ops.js';

const SECRET = 'outside-secret';

let dir: TempDir;
afterEach(() => dir.cleanup());

/** Replaces `inside` (already pinned by the operation) with a link to `outside`. */
async function swapForLink(inside: string, outside: string): Promise<void> {
  await rename(inside, `${inside}-parked`);
  await symlink(outside, inside);
}

/** Copies root/src to root/dst, swapping `<side>/deep` for a link to the outside once it is pinned. */
function copySwappingDeep(root: string, side: 'src' | 'dst'): Promise<void> {
  return withAnchor(root, 'root', anchor =>
    copyTree(
      { parent: anchor.path, name: 'src' },
      { parent: anchor.path, name: 'dst' },
      {
        excluded: () => false,
        skipped: 0,
        visit: relative =>
          relative === 'deep' ? swapForLink(join(root, side, 'deep'), dir.resolve('outside')) : undefined
      }
    )
  );
}

describe('tree operations stay on the directories they pinned', () => {
  it('a copy continues from the pinned source when a directory is swapped for a link mid-way', async () => {
    dir = await createTempDir({
      root: { src: { deep: { 'a.txt': 'inside\n', Docs: { 'b.txt': 'inside too\n' } } } },
      outside: { Docs: { 'secret.txt': SECRET } }
    });
    const root = dir.resolve('root');
    await copySwappingDeep(root, 'src');
    expect(await readFile(join(root, 'dst', 'deep', 'a.txt'), 'utf8')).toBe('inside\n');
    expect(await readdir(join(root, 'dst', 'deep', 'Docs'))).toEqual(['b.txt']);
  });

  it('a copy never writes through a destination directory swapped for a link', async () => {
    dir = await createTempDir({
      root: { src: { deep: { 'a.txt': 'payload\n' } } },
      outside: {}
    });
    const root = dir.resolve('root');
    await copySwappingDeep(root, 'dst');
    expect(await readdir(dir.resolve('outside'))).toEqual([]);
    expect(await readFile(join(root, 'dst', 'deep-parked', 'a.txt'), 'utf8')).toBe('payload\n');
  });

  it('a recursive delete never follows a directory swapped for a link mid-way', async () => {
    dir = await createTempDir({
      root: { victim: { d1: { 'f1.txt': '1', 'f2.txt': '2' } } },
      outside: { 'f1.txt': SECRET, 'f2.txt': SECRET }
    });
    const root = dir.resolve('root');
    const deletion = withAnchor(root, 'root', anchor =>
      removeTree(
        { parent: anchor.path, name: 'victim' },
        {
          visit: relative =>
            relative === 'd1' ? swapForLink(join(root, 'victim', 'd1'), dir.resolve('outside')) : undefined
        }
      )
    );
    // The swapped-in link is not a directory, so removing it as one fails: nothing outside is touched.
    await expect(deletion).rejects.toThrow();
    expect((await readdir(dir.resolve('outside'))).sort()).toEqual(['f1.txt', 'f2.txt']);
    expect(await readdir(join(root, 'victim', 'd1-parked'))).toEqual([]);
  });

  it('copies links as links and skips excluded entries', async () => {
    dir = await createTempDir({
      root: { src: { 'keep.txt': 'k', '.env': 'TOKEN', link: { symlink: '/etc/passwd' } } }
    });
    await mkdir(dir.resolve('root', 'unused'));
    const policy = { excluded: (relative: string) => relative === '.env', skipped: 0 };
    await withAnchor(dir.resolve('root'), 'root', anchor =>
      copyTree({ parent: anchor.path, name: 'src' }, { parent: anchor.path, name: 'dst' }, policy)
    );
    expect((await readdir(dir.resolve('root', 'dst'))).sort()).toEqual(['keep.txt', 'link']);
    expect((await lstat(dir.resolve('root', 'dst', 'link'))).isSymbolicLink()).toBe(true);
    expect(policy.skipped).toBe(1);
  });
});
