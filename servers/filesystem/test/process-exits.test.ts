import { join } from 'node:path';

import { describeProcessExits } from '@mcpkit/testing';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');

describeProcessExits({
  name: 'filesystem',
  command: { command: process.execPath, args: [BIN, import.meta.dirname] },
  loggedCall: { name: 'list_allowed_directories', arguments: {} }
});
