import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll } from 'vitest';

import { describeProcessExits } from '@mcpkit/testing';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');
const directory = mkdtempSync(join(tmpdir(), 'mcpkit-memory-exits-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describeProcessExits({
  name: 'memory',
  command: { command: process.execPath, args: [BIN, '--database-url', join(directory, 'memory.db')] },
  loggedCall: { name: 'read_graph', arguments: {} }
});
