import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

const uriOf = (path: string) => pathToFileURL(path).href;

/** How long an outside change gets to (wrongly) produce a notification. */
const QUIET_MS = 1000;

const tree: TreeSpec = {
  inside: { 'canary.txt': '0', sub: { 'a.txt': 'a', 'file.txt': 'f' }, deep: { sub: { 'a.txt': 'a' } } },
  outside: { other: { 'b.txt': 'b' } }
};

/** Waits until `condition` holds, polling; fails after `timeoutMs`. */
async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * A 2025-era client subscribed to `path` (relative to the temp dir) and to a canary file inside.
 * `settle()` changes the canary and waits for its notification: the server handles file events in
 * the order they happened, so every notification an earlier change causes has arrived by then, and
 * the updates seen so far are dropped. That makes "nothing arrived" an answer, not a guess.
 */
async function subscribed(path: string, deny: string[] = []) {
  const fs = await harness(tree, { era: 'legacy', entry: 'stdio', allow: ['inside'], deny });
  const updates: string[] = [];
  fs.client.setNotificationHandler('notifications/resources/updated', notification => {
    updates.push(notification.params.uri);
  });
  const uri = uriOf(fs.dir.resolve(path));
  const canary = uriOf(fs.dir.resolve('inside/canary.txt'));
  await fs.client.subscribeResource({ uri });
  await fs.client.subscribeResource({ uri: canary });
  let round = 0;
  const settle = async () => {
    round += 1;
    await writeFile(fs.dir.resolve('inside/canary.txt'), String(round));
    await eventually(() => updates.includes(canary), 'the canary update');
    updates.length = 0;
  };
  return { fs, updates, uri, settle };
}

/** The positive control: a change inside the subscribed directory is announced. */
async function expectAnnounced(
  subscription: { fs: FsHarness; updates: string[]; uri: string; settle: () => Promise<void> },
  file: string
): Promise<void> {
  await writeFile(subscription.fs.dir.resolve(file), 'changed inside');
  await eventually(() => subscription.updates.includes(subscription.uri), `the update for ${file}`);
  await subscription.settle();
}

/** Makes `change` and checks that it produces no notification for the subscribed URI. */
async function expectSilent(
  subscription: { updates: string[]; uri: string; settle: () => Promise<void> },
  change: () => Promise<void>
): Promise<void> {
  await change();
  await new Promise(resolve => setTimeout(resolve, QUIET_MS));
  const seen = [...subscription.updates];
  await subscription.settle();
  expect(seen).not.toContain(subscription.uri);
}

describe('resource watchers stay inside the allowed directories', () => {
  it('does not announce changes to denied entries of a subscribed directory', async () => {
    const subscription = await subscribed('inside/sub', ['**/*.secret']);
    await expectSilent(subscription, () =>
      writeFile(subscription.fs.dir.resolve('inside/sub/key.secret'), 'k')
    );
    await expectAnnounced(subscription, 'inside/sub/a.txt');
  });

  it('does not announce outside changes once a subscribed directory is moved out and linked back', async () => {
    const subscription = await subscribed('inside/sub');
    const { fs } = subscription;
    await expectAnnounced(subscription, 'inside/sub/a.txt');
    await rename(fs.dir.resolve('inside/sub'), fs.dir.resolve('outside/sub'));
    await symlink(fs.dir.resolve('outside/sub'), fs.dir.resolve('inside/sub'));
    await subscription.settle();
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('outside/sub/new.txt'), 'outside'));
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('outside/sub/a.txt'), 'outside'));
  });

  it('does not follow a symlink to an outside directory swapped in for a subscribed one', async () => {
    const subscription = await subscribed('inside/sub');
    const { fs } = subscription;
    await expectAnnounced(subscription, 'inside/sub/a.txt');
    await rename(fs.dir.resolve('inside/sub'), fs.dir.resolve('inside/sub-old'));
    await symlink(fs.dir.resolve('outside/other'), fs.dir.resolve('inside/sub'));
    await subscription.settle();
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('outside/other/new.txt'), 'outside'));
    // The directory that was renamed away is no longer the subscribed entry.
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('inside/sub-old/a.txt'), 'old'));
  });

  it('does not announce changes to a subscribed directory after it is moved out of the root', async () => {
    const subscription = await subscribed('inside/sub');
    const { fs } = subscription;
    await expectAnnounced(subscription, 'inside/sub/a.txt');
    await rename(fs.dir.resolve('inside/sub'), fs.dir.resolve('outside/sub'));
    await subscription.settle();
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('outside/sub/new.txt'), 'outside'));
    // The watch follows the path: a new directory made in its place is announced again.
    await mkdir(fs.dir.resolve('inside/sub'));
    await subscription.settle();
    await expectAnnounced(subscription, 'inside/sub/fresh.txt');
  });

  it('does not announce outside changes to a subscribed file after its directory is moved out', async () => {
    const subscription = await subscribed('inside/sub/file.txt');
    const { fs } = subscription;
    await expectAnnounced(subscription, 'inside/sub/file.txt');
    await rename(fs.dir.resolve('inside/sub'), fs.dir.resolve('outside/sub'));
    await subscription.settle();
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('outside/sub/file.txt'), 'outside'));
  });

  it('does not announce changes to a subscribed directory after a directory above it is moved out', async () => {
    const subscription = await subscribed('inside/deep/sub');
    const { fs } = subscription;
    await expectAnnounced(subscription, 'inside/deep/sub/a.txt');
    await rename(fs.dir.resolve('inside/deep'), fs.dir.resolve('outside/deep'));
    await subscription.settle();
    await expectSilent(subscription, () => writeFile(fs.dir.resolve('outside/deep/sub/new.txt'), 'outside'));
  });
});
