import { z } from 'zod';

import { effectiveRoots } from '../context.js';
import { READ_ONLY } from './common.js';
import { define } from './define.js';

const output = z.object({
  directories: z
    .array(z.string())
    .describe('Directories this session may access (with everything under them)'),
  readOnly: z.boolean().describe('True when the server refuses every change')
});

/** list_allowed_directories: the official tool; reports the roots in force for this client. */
export const listAllowedDirectoriesTool = define.tool({
  name: 'list_allowed_directories',
  title: 'List Allowed Directories',
  description:
    'List the directories this server may access for you (their subdirectories are accessible too), ' +
    'and whether it is read-only. Call it first when unsure where files may be read or written.',
  input: z.object({}),
  output,
  annotations: READ_ONLY,
  async handler(_args, call) {
    const roots = await effectiveRoots(call);
    return { directories: roots.map(root => root.path), readOnly: call.context.readOnly };
  },
  render: result =>
    `Allowed directories:\n${result.directories.join('\n')}${result.readOnly ? '\n(read-only: no changes are possible)' : ''}`
});
