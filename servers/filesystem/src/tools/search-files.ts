import { byteLength, defineCursor, fitPage, jsonBytes, payloadRoom } from '@mcpkit/core';
import { join } from 'node:path';
import { z } from 'zod';

import { walk } from '../fs/walk.js';
import { collectWarnings, renderWarnings, walkWarningsField } from '../fs/walk-warnings.js';
import { anyGlob, compileGlob } from '../glob/glob.js';
import { READ_ONLY, walkableDirectory, cursorArgument, globList, pathArgument, queryOf } from './common.js';
import { define } from './define.js';

const searchFilesCursor = defineCursor('search_files', z.object({ offset: z.number().int().min(0) }));

const MAX_SCANNED_MATCHES = 100_000;

const input = z.object({
  path: pathArgument('The directory to search under'),
  pattern: z
    .string()
    .min(1)
    .max(1024)
    .describe(
      'Glob matched against paths relative to `path` (`*.ts` = top level only, `**/*.ts` = any depth), or a plain word (no glob characters or /) matched case-insensitively anywhere in a name'
    ),
  excludePatterns: globList('Globs (relative to path) to skip, with everything under them').default([]),
  includeHidden: z.boolean().default(true).describe('Search names starting with a dot'),
  respectGitignore: z.boolean().default(false).describe('Skip what .gitignore files ignore, and .git'),
  limit: z.number().int().min(1).max(10_000).default(500).describe('Most matches per page'),
  cursor: cursorArgument
});

const output = z.object({
  path: z.string().describe('The directory searched, as requested'),
  matches: z
    .array(
      z.object({
        path: z.string().describe('Absolute path'),
        type: z.enum(['file', 'directory', 'symlink', 'other'])
      })
    )
    .describe('Matches of this page, depth-first in name order'),
  total: z.number().int().describe('Matches found in all'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next page'),
  warnings: walkWarningsField
});

/** search_files: the official glob search, faster, paginated, with plain-word matching. */
export const searchFilesTool = define.tool({
  name: 'search_files',
  title: 'Search Files',
  description:
    'Find files and directories by name under a directory. The pattern is a glob relative to `path` ' +
    '(`*.ext` matches the top level only, `**/*.ext` any depth) or a plain word matched ' +
    'case-insensitively within names. Returns absolute paths, paged by `limit` (pass nextCursor to ' +
    'continue). To search inside files use grep. Only searches within allowed directories.',
  input,
  output,
  annotations: READ_ONLY,
  async handler(args, call) {
    const { sandbox, top } = await walkableDirectory(call, args.path);
    const matches = matcherFor(args.pattern);
    const exclude = args.excludePatterns.length > 0 ? anyGlob(args.excludePatterns) : undefined;
    const found: { path: string; type: 'file' | 'directory' | 'symlink' | 'other' }[] = [];
    let seen = 0;
    const warnings = collectWarnings();
    for await (const entry of walk(sandbox, top, {
      includeHidden: args.includeHidden,
      gitignore: args.respectGitignore,
      ...(exclude ? { exclude: (path: string) => exclude(path) } : {}),
      signal: call.signal,
      onWarning: warning => warnings.add(warning)
    })) {
      if (++seen % 2000 === 0) await call.progress(seen, { message: `${seen} entries scanned` });
      if (matches(entry.path, entry.name) && found.length < MAX_SCANNED_MATCHES) {
        found.push({ path: join(top.real, entry.path), type: entry.type });
      }
    }
    call.throwIfCancelled();
    const page = fitPage(found, {
      offset: args.cursor === undefined ? 0 : searchFilesCursor.decode(args.cursor, queryOf(args)).offset,
      limit: args.limit,
      maxBytes: payloadRoom(call.maxOutputBytes),
      // Each match in structuredContent, and as its line (the path) of the text.
      costs: match => [byteLength(match) + 1, jsonBytes(match.path) + 1]
    });
    return {
      path: args.path,
      matches: page.items,
      total: found.length,
      ...(page.nextOffset === undefined
        ? {}
        : { nextCursor: searchFilesCursor.encode({ offset: page.nextOffset }, queryOf(args)) }),
      ...warnings.field()
    };
  },
  render: result => {
    if (result.matches.length === 0)
      return ['No matches found', ...renderWarnings(result.warnings)].join('\n');
    const lines = result.matches.map(match => match.path);
    if (result.nextCursor)
      lines.push(
        `[${result.matches.length} of ${result.total} shown; pass cursor "${result.nextCursor}" for more]`
      );
    return [...lines, ...renderWarnings(result.warnings)].join('\n');
  }
});

const GLOB_CHARACTERS = /[*?[\]{}()!/]/;

/** A glob over the relative path, or a case-insensitive substring of the name for a plain word. */
function matcherFor(pattern: string): (path: string, name: string) => boolean {
  if (!GLOB_CHARACTERS.test(pattern)) {
    const word = pattern.toLowerCase();
    return (_path, name) => name.toLowerCase().includes(word);
  }
  const glob = compileGlob(pattern);
  return path => glob(path);
}
