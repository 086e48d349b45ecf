import { z } from 'zod';

import { sandboxFor } from '../context.js';
import { ADDITIVE, pathArgument, writable } from './common.js';
import { define } from './define.js';

const input = z.object({ path: pathArgument('The directory to create (with any missing parents)') });
const output = z.object({
  path: z.string().describe('The path as requested'),
  created: z.boolean().describe('False when the directory already existed')
});

/** create_directory: the official tool (mkdir -p), confined one component at a time. */
export const createDirectoryTool = define.tool({
  name: 'create_directory',
  title: 'Create Directory',
  description:
    'Create a directory, including any missing parent directories (like mkdir -p). Succeeds without ' +
    'change when the directory already exists; fails if a file is in the way. Only works within allowed directories.',
  input,
  output,
  annotations: ADDITIVE(true),
  enabled: writable,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const created = await sandbox.makeDirectory(await sandbox.resolve(args.path, 'write'));
    return { path: args.path, created };
  },
  render: result =>
    result.created
      ? `Successfully created directory ${result.path}`
      : // The official server's text (it reports success for an existing directory too), then ours.
        `Successfully created directory ${result.path} (it already existed: nothing changed)`
});
