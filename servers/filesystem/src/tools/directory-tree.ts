import type { Tool } from '@mcpkit/core';
import { defineTool } from '@mcpkit/core';
import { z } from 'zod';

import type { FilesystemContext } from '../context.js';
import { jsonBytes } from '../fs/fit-json.js';
import { walk } from '../fs/walk.js';
import { READ_ONLY, walkableDirectory, globList, pathArgument, payloadBudget } from './common.js';
import { excludeMatcher } from './exclude-matcher.js';

const input = z.object({
  path: pathArgument('The directory at the top of the tree'),
  excludePatterns: globList(
    'Globs (relative to path) to leave out, with everything under them, e.g. node_modules or **/*.log'
  ).default([]),
  maxDepth: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('Deepest level to show (1 = direct entries only)'),
  maxEntries: z
    .number()
    .int()
    .min(1)
    .max(50_000)
    .default(2000)
    .describe('Most entries to return; the output is also cut to fit the byte budget'),
  includeHidden: z.boolean().default(true).describe('Include names starting with a dot'),
  respectGitignore: z.boolean().default(false).describe('Leave out what .gitignore files ignore, and .git')
});

const entry = z.object({
  path: z.string().describe('Path relative to the tree’s top, with / separators'),
  type: z.enum(['file', 'directory', 'symlink', 'other']),
  depth: z.number().int().describe('1 for direct entries of the top')
});

const output = z.object({
  path: z.string().describe('The top directory as requested'),
  entries: z.array(entry).describe('Depth-first, in name order'),
  truncated: z.boolean().describe('True when maxEntries or the byte budget cut the tree'),
  reason: z.string().optional().describe('What cut the tree, and how to see the rest')
});

/** directory_tree: the official tool as a flat, bounded, depth-first list rendered as an indented tree. */
export const directoryTreeTool: Tool<FilesystemContext> = defineTool({
  name: 'directory_tree',
  title: 'Directory Tree',
  description:
    'Show a directory’s files and subdirectories recursively, as an indented tree (structured: a ' +
    'depth-first list of relative paths with type and depth). Bounded: maxDepth, maxEntries and the ' +
    'output budget cut it, with truncated set and what to narrow. Use excludePatterns (e.g. ' +
    'node_modules, .git) and respectGitignore to skip noise. Only works within allowed directories.',
  input,
  output,
  annotations: READ_ONLY,
  async handler(args, call) {
    const { sandbox, top } = await walkableDirectory(call, args.path);
    const exclude = excludeMatcher(args.excludePatterns);
    const budget = payloadBudget(call) / 2;
    const entries: z.output<typeof entry>[] = [];
    let used = 0;
    let reason: string | undefined;
    for await (const found of walk(sandbox, top, {
      maxDepth: args.maxDepth,
      includeHidden: args.includeHidden,
      gitignore: args.respectGitignore,
      ...(exclude ? { exclude } : {}),
      signal: call.signal
    })) {
      if (entries.length >= args.maxEntries) {
        reason = `Stopped at maxEntries (${args.maxEntries}).`;
        break;
      }
      const item = { path: found.path, type: found.type, depth: found.depth };
      // Measured as JSON: both renderings escape the path (control characters take six bytes).
      used += jsonBytes(found.path) + 48;
      if (used > budget) {
        reason = 'Stopped at the output budget.';
        break;
      }
      entries.push(item);
      if (entries.length % 500 === 0)
        await call.progress(entries.length, { message: `${entries.length} entries` });
    }
    call.throwIfCancelled();
    return {
      path: args.path,
      entries,
      truncated: reason !== undefined,
      ...(reason === undefined
        ? {}
        : { reason: `${reason} Narrow it: a subdirectory as path, a smaller maxDepth, or excludePatterns.` })
    };
  },
  render: result => {
    const lines = result.entries.map(item => {
      const name = item.path.slice(item.path.lastIndexOf('/') + 1);
      return `${'  '.repeat(item.depth - 1)}${name}${item.type === 'directory' ? '/' : item.type === 'symlink' ? ' ->' : ''}`;
    });
    if (result.truncated) lines.push(`[truncated: ${result.reason ?? ''}]`);
    return lines.length === 0 ? '(empty directory)' : lines.join('\n');
  }
});
