import { jsonBytes, payloadRoom } from '@mcpkit/core';
import type { ContentBlock } from '@modelcontextprotocol/server';
import { z } from 'zod';

import { walk } from '../fs/walk.js';
import { collectWarnings, renderWarnings, walkWarningsField } from '../fs/walk-warnings.js';
import { READ_ONLY, walkableDirectory, globList, pathArgument } from './common.js';
import { excludeMatcher } from './exclude-matcher.js';
import { define } from './define.js';

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
  reason: z.string().optional().describe('What cut the tree, and how to see the rest'),
  warnings: walkWarningsField
});

type Entry = z.output<typeof entry>;

/** A node of the official server's tree: files (and links, and anything else) have no children. */
interface TreeNode {
  name: string;
  type: 'file' | 'directory';
  children?: TreeNode[];
}

/**
 * What an entry adds to the text (the official JSON tree, 2-space indented) once that text is a JSON
 * string: its lines at its depth, a directory counted as if it had children (the closing `]` on a
 * line of its own), which is the most it can take.
 */
function textCost(item: Entry): number {
  const brace = ' '.repeat(4 * item.depth - 2);
  const field = ' '.repeat(4 * item.depth);
  const name = `${field}"name": ${JSON.stringify(nameOf(item.path))},`;
  const type =
    item.type === 'directory'
      ? `${field}"type": "directory",\n${field}"children": [\n${field}]`
      : `${field}"type": "file"`;
  return jsonBytes(`\n${brace}{\n${name}\n${type}\n${brace}},`);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The official server's tree from the depth-first list: an array of `{ name, type, children }`,
 * where `type` is `directory` or `file` (a symlink or other entry is a file, as the official server's
 * directory entries say) and only directories have `children`. A directory at maxDepth has empty
 * children, as its entries were not listed.
 */
function officialTree(entries: readonly Entry[]): TreeNode[] {
  const top: TreeNode[] = [];
  // levels[d - 1] receives the entries at depth d; a depth-first list fills them in order.
  const levels: TreeNode[][] = [top];
  for (const item of entries) {
    const siblings = levels[item.depth - 1];
    if (siblings === undefined) continue;
    levels.length = item.depth;
    if (item.type === 'directory') {
      const children: TreeNode[] = [];
      siblings.push({ name: nameOf(item.path), type: 'directory', children });
      levels.push(children);
    } else {
      siblings.push({ name: nameOf(item.path), type: 'file' });
    }
  }
  return top;
}

/**
 * directory_tree: the official tool, bounded. Its text is the official JSON tree (so a client
 * written for the official server parses it unchanged); structuredContent is a flat depth-first list.
 */
export const directoryTreeTool = define.tool({
  name: 'directory_tree',
  title: 'Directory Tree',
  description:
    'Show a directory’s files and subdirectories recursively. The text is a JSON tree, 2-space ' +
    'indented: an array of entries with name, type (file/directory) and, for directories, a children ' +
    'array (empty for a directory at maxDepth). Structured: a depth-first list of relative paths with ' +
    'type (symlinks apart) and depth. Bounded: maxDepth, maxEntries and the output budget cut it, with ' +
    'truncated set and what to narrow. Use excludePatterns (e.g. node_modules, .git) and ' +
    'respectGitignore to skip noise. Only works within allowed directories.',
  input,
  output,
  annotations: READ_ONLY,
  async handler(args, call) {
    const { sandbox, top } = await walkableDirectory(call, args.path);
    const exclude = excludeMatcher(args.excludePatterns);
    // Both renderings share the budget, half each: the tree's JSON text is the official
    // server's whole answer, so a host that shows both gets both within the budget.
    const budget = payloadRoom(call.maxOutputBytes) / 2;
    const textBudget = budget;
    const entries: Entry[] = [];
    let used = 0;
    let textUsed = 0;
    let reason: string | undefined;
    const warnings = collectWarnings();
    for await (const found of walk(sandbox, top, {
      maxDepth: args.maxDepth,
      includeHidden: args.includeHidden,
      gitignore: args.respectGitignore,
      ...(exclude ? { exclude } : {}),
      signal: call.signal,
      onWarning: warning => warnings.add(warning)
    })) {
      if (entries.length >= args.maxEntries) {
        reason = `Stopped at maxEntries (${args.maxEntries}).`;
        break;
      }
      const item = { path: found.path, type: found.type, depth: found.depth };
      // Measured as JSON: both renderings escape the path (control characters take six bytes).
      used += jsonBytes(found.path) + 48;
      textUsed += textCost(item);
      if (used > budget || textUsed > textBudget) {
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
        : { reason: `${reason} Narrow it: a subdirectory as path, a smaller maxDepth, or excludePatterns.` }),
      ...warnings.field()
    };
  },
  render: result => {
    const tree: ContentBlock = { type: 'text', text: JSON.stringify(officialTree(result.entries), null, 2) };
    // The tree stays valid JSON; a cut is said in a block of its own after it.
    const blocks: ContentBlock[] = result.truncated
      ? [tree, { type: 'text', text: `[truncated: ${result.reason ?? ''}]` }]
      : [tree];
    const warned = renderWarnings(result.warnings);
    return warned.length === 0 ? blocks : [...blocks, { type: 'text', text: warned.join('\n') }];
  }
});
