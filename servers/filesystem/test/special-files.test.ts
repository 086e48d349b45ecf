import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

describe('write_file never opens a special file', () => {
  it('refuses to append to a named pipe without opening it (a reader blocked on it stays blocked)', async () => {
    const fs = await harness({ 'plain.txt': 'a\n' });
    const fifo = fs.dir.resolve('pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A reader blocks in open() until some writer opens the pipe.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = once(reader, 'exit');
    try {
      await new Promise(resolve => setTimeout(resolve, 200));
      const outcome = await fs.call('write_file', { path: 'pipe', content: 'x', append: true });
      expect(outcome.isError).toBe(true);
      expect(outcome.text).toMatch(/not a regular file/);
      // Had the server opened the pipe for writing, cat would have read end-of-file and exited.
      const race = await Promise.race([
        exited.then(() => 'exited'),
        new Promise(resolve => setTimeout(() => resolve('still blocked'), 500))
      ]);
      expect(race).toBe('still blocked');
    } finally {
      reader.kill();
      await exited;
    }
    // Appending to a regular file, and creating one, still work.
    expect((await fs.call('write_file', { path: 'plain.txt', content: 'b\n', append: true })).isError).toBe(
      false
    );
    expect((await fs.call('write_file', { path: 'new.txt', content: 'c\n', append: true })).isError).toBe(
      false
    );
    expect((await fs.call('read_text_file', { path: 'plain.txt' })).text).toBe('a\nb\n');
  });
});
