import { execFileSync } from 'node:child_process';
import { link, readFile, readdir } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { grepTool } from '../src/tools/grep.js';
import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

/** Findings of the security review of the confinement layer, each pinned by a test. */
describe('review regressions', () => {
  it('moving a directory that holds a deny-listed file is refused (no exposure under a new name)', async () => {
    const fs = await harness(
      { home: { '.aws': { credentials: 'KEY=1' } } },
      { deny: ['**/.aws/credentials'] }
    );
    const moved = await fs.call('move_file', { source: 'home/.aws', destination: 'home/aws2' });
    expect(moved.isError).toBe(true);
    expect(moved.text).toMatch(/deny list/);
    expect(await readFile(fs.dir.resolve('home/.aws/credentials'), 'utf8')).toBe('KEY=1');
    const read = await fs.call('read_text_file', { path: 'home/aws2/credentials' });
    expect(read.isError).toBe(true);
  });

  it('copying a directory leaves deny-listed files out and says how many', async () => {
    const fs = await harness(
      { config: { 'secret.json': '{"k":1}', 'app.json': '{}' } },
      { deny: ['config/secret.json'] }
    );
    const copied = await fs.call('copy_path', { source: 'config', destination: 'cfg2', recursive: true });
    expect(copied.isError, copied.text).toBe(false);
    expect(copied.structured).toMatchObject({ skipped: 1 });
    expect(await readdir(fs.dir.resolve('cfg2'))).toEqual(['app.json']);
  });

  it('appending to a named pipe fails at once instead of waiting for a reader', async () => {
    const fs = await harness({});
    execFileSync('mkfifo', [fs.dir.resolve('pipe')]);
    const calls = await Promise.all(
      Array.from({ length: 5 }, () => fs.call('write_file', { path: 'pipe', content: 'x', append: true }))
    );
    expect(calls.every(call => call.isError)).toBe(true);
    // The thread pool is free: other filesystem work still answers.
    expect((await fs.call('list_directory', { path: '.' })).text).toContain('pipe');
  });

  it('refuses to append through a hard link (the inode may be shared outside the roots)', async () => {
    const fs = await harness(
      { allowed: { 'a.txt': 'a' }, outside: { 'b.txt': 'outside\n' } },
      { allow: ['allowed'] }
    );
    await link(fs.dir.resolve('outside/b.txt'), fs.dir.resolve('allowed/linked.txt'));
    const appended = await fs.call('write_file', { path: 'linked.txt', content: 'PWNED', append: true });
    expect(appended.isError).toBe(true);
    expect(await readFile(fs.dir.resolve('outside/b.txt'), 'utf8')).toBe('outside\n');
    // A whole-file write replaces this link only.
    expect((await fs.call('write_file', { path: 'linked.txt', content: 'fresh' })).isError).toBe(false);
    expect(await readFile(fs.dir.resolve('outside/b.txt'), 'utf8')).toBe('outside\n');
  });

  it('runs many concurrent content searches to completion (two at a time)', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`f${index}.txt`, `needle ${index}\n`])
    );
    const fs = await harness(files);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => fs.call('grep', { pattern: 'needle', limit: 100 }))
    );
    for (const result of results) expect(grepTool.output.parse(result.structured).matches).toHaveLength(50);
  });

  it('never carries setuid or setgid bits onto rewritten content', async () => {
    const fs = await harness({ 'tool.sh': '#!/bin/sh\n' });
    execFileSync('chmod', ['6755', fs.dir.resolve('tool.sh')]);
    expect((await fs.call('write_file', { path: 'tool.sh', content: 'echo hi\n' })).isError).toBe(false);
    const mode = Number.parseInt(
      execFileSync('stat', ['-c', '%a', fs.dir.resolve('tool.sh')])
        .toString()
        .trim(),
      8
    );
    expect(mode & 0o6000).toBe(0);
    expect(mode & 0o777).toBe(0o755);
  });
});
