import { join } from 'node:path';

import { changingAnnotations } from '@mcpkit/core';
import { z } from 'zod';

import { exportNamespace } from '../export-file.js';
import { namespaceOf } from './graph-reply.js';
import { namespaceArgument } from './schemas.js';
import { define } from './define.js';

/**
 * A plain file name: no directory part, so the export directory is the only place a file can be
 * written (no `..`, no separators, no absolute path), and not hidden (temporary files are).
 */
const fileName = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/,
    'a plain file name (letters, digits, ".", "_" and "-"; no directory, not starting with "."), e.g. work-graph.jsonl'
  )
  .refine(name => name.endsWith('.jsonl'), {
    message: 'must end in .jsonl (the official memory file format)'
  });

export const exportGraphTool = define.tool({
  name: 'export_graph',
  title: 'Export Graph',
  description:
    'Write a whole graph (any size, any namespace) to a file in the official memory.jsonl format, byte for byte as @modelcontextprotocol/server-memory writes it, into the export directory the operator allowed. The file appears complete or not at all. Use it to back a graph up, move it, or go back to the official server.',
  input: z.object({
    file: fileName.describe('File name inside the export directory, ending in .jsonl'),
    overwrite: z.boolean().default(false).describe('Replace the file when it exists (default: refuse)'),
    namespace: namespaceArgument
  }),
  output: z.object({
    path: z.string().describe('Where the file was written'),
    entities: z.number().int(),
    relations: z.number().int(),
    bytes: z.number().int()
  }),
  annotations: changingAnnotations({ destructive: true, idempotent: true }),
  enabled: context => context.exportDirectory !== undefined,
  async handler(args, call) {
    const directory = call.context.exportDirectory as string;
    // An existing file without overwrite is an ExportExistsError: a ToolError the model reads.
    return await exportNamespace(call.context.database, {
      namespace: namespaceOf(args, call),
      path: join(directory, args.file),
      overwrite: args.overwrite
    });
  },
  render: result =>
    `Wrote ${result.entities} entities and ${result.relations} relations (${result.bytes} bytes) to ${result.path}.`
});
