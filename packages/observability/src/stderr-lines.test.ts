import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { StderrLines } from './stderr-lines.js';

/** A named pipe with a reader this test controls and a non-blocking write end, as a host's stderr pipe is. */
function pipe(): { reader: number; writer: number; read(): string; cleanup(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'mcpkit-stderr-'));
  const path = join(directory, 'stderr');
  execFileSync('mkfifo', [path]);
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  return {
    reader,
    writer,
    read() {
      const buffer = Buffer.alloc(1 << 20);
      try {
        return buffer.subarray(0, readSync(reader, buffer)).toString();
      } catch {
        return '';
      }
    },
    cleanup: () => rmSync(directory, { recursive: true, force: true })
  };
}

const open: { cleanup(): void; fds: number[] }[] = [];
afterEach(() => {
  for (const each of open.splice(0)) {
    for (const fd of each.fds) {
      try {
        closeSync(fd);
      } catch {
        // closed by the test already
      }
    }
    each.cleanup();
  }
});

describe('StderrLines', () => {
  it('writes every line out, in order, before flush calls back', async () => {
    const fifo = pipe();
    open.push({ cleanup: fifo.cleanup, fds: [fifo.reader, fifo.writer] });
    const lines = new StderrLines(undefined, fifo.writer);
    lines.write('one\n');
    lines.write('two\n');
    await new Promise(resolve => lines.flush(resolve));
    expect(fifo.read()).toBe('one\ntwo\n');
  });

  it('gives up on a pipe whose reader is gone: says so once, drops what follows, never hangs', async () => {
    const fifo = pipe();
    open.push({ cleanup: fifo.cleanup, fds: [fifo.writer] });
    const broken: Error[] = [];
    const lines = new StderrLines(error => broken.push(error), fifo.writer);
    closeSync(fifo.reader);
    lines.write('lost\n');
    lines.write('lost too\n');
    lines.flushSync();
    for (let tries = 0; tries < 100 && broken.length === 0; tries++)
      await new Promise(resolve => setTimeout(resolve, 10));
    expect(broken.map(error => (error as NodeJS.ErrnoException).code)).toEqual(['EPIPE']);
    expect(lines.broken).toBe(true);
    lines.write('dropped\n');
    lines.flushSync();
    lines.flush();
    expect(broken).toHaveLength(1);
  });

  it('gives up within about a second on a pipe nobody reads any more', () => {
    const fifo = pipe();
    open.push({ cleanup: fifo.cleanup, fds: [fifo.reader, fifo.writer] });
    const broken: Error[] = [];
    const lines = new StderrLines(error => broken.push(error), fifo.writer);
    // More than a pipe holds (64 KiB on Linux), and nobody reading it.
    for (let index = 0; index < 2000; index++) lines.write(`${'x'.repeat(100)} ${index}\n`);
    const started = performance.now();
    lines.flushSync();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(broken.map(error => (error as NodeJS.ErrnoException).code)).toEqual(['EAGAIN']);
  });
});
