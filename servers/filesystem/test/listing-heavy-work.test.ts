import { describe, expect, it, vi } from 'vitest';

import { HEAVY_WORK_QUEUE, HEAVY_WORK_SLOTS, heavyWork } from '../src/fs/heavy-work.js';
import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

/** Takes every heavy-work slot, as that many long listings would; returns the function to give them back. */
async function holdAllSlots(): Promise<() => void> {
  for (let slot = 0; slot < HEAVY_WORK_SLOTS; slot++) await heavyWork.acquire();
  return () => {
    for (let slot = 0; slot < HEAVY_WORK_SLOTS; slot++) heavyWork.release();
  };
}

describe('the process-wide budget for listings and walks', () => {
  it('queues calls while every slot is taken, refuses one past the queue with BUSY, and answers the queued', async () => {
    const fs = await harness({ 'a.txt': 'needle\n', sub: { 'b.txt': '' } });
    const release = await holdAllSlots();
    let released = false;
    try {
      // Every tool that lists or walks waits for a slot (grep through its walk, after its own slot).
      const tools = ['list_directory', 'list_directory_with_sizes', 'directory_tree', 'search_files', 'grep'];
      const queued = Array.from({ length: HEAVY_WORK_QUEUE }, (_, index) => {
        const tool = index === 0 ? 'grep' : tools[index % 4]!;
        return fs.call(tool, { path: fs.dir.path, pattern: tool === 'grep' ? 'needle' : '*' });
      });
      await vi.waitFor(() => expect(heavyWork.waiting).toBe(HEAVY_WORK_QUEUE), { timeout: 10_000 });
      const refused = await fs.call('list_directory', { path: fs.dir.path });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(
        /The server is busy: every listing or walk slot is taken \(4 running, 64 waiting\)/
      );
      expect(refused.text).toMatch(/Retry in a few seconds/);
      release();
      released = true;
      const answered = await Promise.all(queued);
      for (const outcome of answered) expect(outcome.isError, outcome.text).toBe(false);
      expect(heavyWork.waiting).toBe(0);
    } finally {
      if (!released) release();
    }
  }, 30_000);

  it('gives up the place of a call cancelled while it waits', async () => {
    const fs = await harness({ 'a.txt': '' });
    const release = await holdAllSlots();
    try {
      const controller = new AbortController();
      const call = fs.client.callTool(
        { name: 'list_directory', arguments: { path: fs.dir.path } },
        { signal: controller.signal }
      );
      await vi.waitFor(() => expect(heavyWork.waiting).toBe(1));
      controller.abort();
      await expect(call).rejects.toThrow();
      await vi.waitFor(() => expect(heavyWork.waiting).toBe(0));
    } finally {
      release();
    }
    const after = await fs.call('list_directory', { path: fs.dir.path });
    expect(after.text).toBe('[FILE] a.txt');
  });
});
