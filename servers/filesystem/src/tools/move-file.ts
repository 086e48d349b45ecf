import { ToolError } from '@mcpkit/core';
import { z } from 'zod';

import { isWithin } from '../confine/allowed-roots.js';
import { sandboxFor } from '../context.js';
import { DESTRUCTIVE, announceChange, pathArgument, writable } from './common.js';
import { define } from './define.js';

const input = z.object({
  source: pathArgument('The file or directory to move'),
  destination: pathArgument('The new path; must not exist yet')
});
const output = z.object({
  source: z.string().describe('The source as requested'),
  destination: z.string().describe('The destination as requested')
});

/** move_file: the official tool; moves the entry itself (a symlink is moved, not its target). */
export const moveFileTool = define.tool({
  name: 'move_file',
  title: 'Move File',
  description:
    'Move or rename a file or directory, also across directories. Fails when the destination already ' +
    'exists (nothing is overwritten). A symlink is moved as a link. Both paths must be within allowed directories.',
  input,
  output,
  annotations: DESTRUCTIVE(false),
  enabled: writable,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const source = await sandbox.resolve(args.source, 'entry');
    const destination = await sandbox.resolve(args.destination, 'entry');
    if (source.real !== destination.real && isWithin(source.real, destination.real)) {
      throw new ToolError(
        'INVALID_DESTINATION',
        `${args.destination} is inside ${args.source}; a directory cannot be moved into itself. Nothing was moved.`,
        { hint: 'Choose a destination outside the directory being moved.' }
      );
    }
    await sandbox.move(source, destination);
    announceChange(call, source.real);
    announceChange(call, destination.real);
    return { source: args.source, destination: args.destination };
  },
  render: result => `Successfully moved ${result.source} to ${result.destination}`
});
