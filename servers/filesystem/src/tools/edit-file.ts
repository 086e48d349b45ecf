import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

import { ToolError, fitJson, payloadRoom } from '@mcpkit/core';
import { z } from 'zod';

import { sandboxFor } from '../context.js';
import { applyEdits } from '../edit/apply-edits.js';
import { assertWithinLimit } from '../edit/size-limit.js';
import { unifiedDiff } from '../edit/unified-diff.js';
import { looksBinary } from '../fs/binary.js';
import { DESTRUCTIVE, announceChange, pathArgument, writable } from './common.js';
import { define } from './define.js';

const input = z.object({
  path: pathArgument('The text file to edit'),
  edits: z
    .array(
      z.object({
        oldText: z
          .string()
          .max(1024 * 1024)
          .describe('Text to replace, copied exactly from the file (include enough lines to be unique)'),
        newText: z
          .string()
          .max(1024 * 1024)
          .describe('Text to put in its place'),
        replaceAll: z
          .boolean()
          .optional()
          .describe('Replace every occurrence instead of requiring exactly one')
      })
    )
    .min(1)
    .max(100)
    .describe('Replacements applied in order; all succeed or none is written'),
  dryRun: z.boolean().default(false).describe('Only show the diff; do not write'),
  expectedSha256: z
    .string()
    .length(64)
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional()
    .describe(
      'Refuse the edit unless the file’s current SHA-256 (the sha256 of the previous edit_file result) matches'
    ),
  expectedModified: z
    .string()
    .max(64)
    .optional()
    .describe('Refuse the edit unless the file’s modified time (ISO 8601, from get_file_info) matches')
});

const output = z.object({
  path: z.string().describe('The path as requested'),
  diff: z.string().describe('Unified diff of the change'),
  diffTruncated: z.boolean().describe('True when the diff was cut to fit the output budget'),
  replacements: z.array(z.number().int()).describe('How many places each edit changed, in order'),
  dryRun: z.boolean().describe('True when nothing was written'),
  sha256: z
    .string()
    .describe(
      'SHA-256 of the file as it now is (after a dry run: unchanged); pass as expectedSha256 to the next edit'
    )
});

/** edit_file: exact-once replacements with conflict checks, preserved line endings and a unified diff. */
export const editFileTool = define.tool({
  name: 'edit_file',
  title: 'Edit File',
  description:
    'Replace exact text in a file and return a git-style diff. Each edit’s oldText must match exactly ' +
    'once (add surrounding lines to disambiguate) unless replaceAll is set; if it does not match exactly, ' +
    'a unique match ignoring indentation is used, and otherwise the error shows the nearest lines. ' +
    'Edits apply in order and atomically: if one fails, nothing is written. CRLF line endings, a byte ' +
    'order mark and the final newline are preserved. Use dryRun to preview, and expectedSha256 or ' +
    'expectedModified to refuse the edit if the file changed since you read it. Only works within allowed directories.',
  input,
  output,
  annotations: DESTRUCTIVE(false),
  enabled: writable,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const resolved = await sandbox.resolve(args.path, 'write');
    const { handle, stats } = await sandbox.openFile(resolved);
    let bytes: Buffer;
    try {
      if (stats.size > call.context.maxFileBytes) {
        throw new ToolError(
          'FILE_TOO_LARGE',
          `${args.path} is ${stats.size} bytes, over the ${call.context.maxFileBytes}-byte edit limit.`,
          {
            hint: 'Edit it with another tool, or ask the operator to raise --max-file-bytes.'
          }
        );
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (looksBinary(bytes.subarray(0, 8192))) {
      throw new ToolError('BINARY_FILE', `${args.path} is a binary file and cannot be edited as text.`, {
        hint: 'Only text files can be edited.'
      });
    }
    if (!isUtf8(bytes)) {
      throw new ToolError(
        'NOT_UTF8',
        `${args.path} is not valid UTF-8 text (perhaps Latin-1 or another legacy encoding); editing it as text would corrupt its other non-ASCII characters, so nothing was written.`,
        {
          hint: 'Ask the user to convert the file to UTF-8, or rewrite it whole with write_file if replacing it is intended.'
        }
      );
    }
    const currentHash = sha256(bytes);
    if (args.expectedSha256 !== undefined && args.expectedSha256.toLowerCase() !== currentHash) {
      throw new ToolError(
        'FILE_CHANGED',
        `${args.path} changed since it was read (its SHA-256 is now ${currentHash}); nothing was written.`,
        {
          hint: 'Read the file again and redo the edit against its current content.'
        }
      );
    }
    if (args.expectedModified !== undefined) {
      const expected = Date.parse(args.expectedModified);
      if (Number.isNaN(expected)) {
        throw new ToolError(
          'INVALID_ARGUMENTS',
          `expectedModified "${args.expectedModified}" is not an ISO 8601 time.`,
          {
            hint: 'Pass the modified value exactly as get_file_info returned it.'
          }
        );
      }
      if (Math.floor(stats.mtimeMs) !== expected) {
        throw new ToolError(
          'FILE_CHANGED',
          `${args.path} was modified at ${stats.mtime.toISOString()}, not ${args.expectedModified}; nothing was written.`,
          {
            hint: 'Read the file again and redo the edit against its current content.'
          }
        );
      }
    }
    let text = bytes.toString('utf8');
    const bom = text.startsWith('\uFEFF');
    if (bom) text = text.slice(1);
    const crlf = usesCrlf(text);
    const before = crlf ? text.replace(/\r\n/g, '\n') : text;
    const limit = {
      maxBytes: call.context.maxFileBytes,
      extraBytes: bom ? 3 : 0,
      lineBreakBytes: crlf ? 2 : 1
    } as const;
    const outcome = await applyEdits(before, args.edits, limit);
    const after = crlf ? outcome.text.replace(/\n/g, '\r\n') : outcome.text;
    const written = Buffer.from((bom ? '\uFEFF' : '') + after, 'utf8');
    // applyEdits refused each edit whose predicted result was over the limit before building it;
    // this measures the bytes themselves (a replacement that splits a surrogate pair weighs more).
    assertWithinLimit('The edit', written.length, limit);
    if (!args.dryRun && outcome.text !== before) {
      await sandbox.writeAtomic(resolved, target => target.writeFile(written));
      announceChange(call, resolved.real);
    }
    const budget = payloadRoom(call.maxOutputBytes);
    const diff = fitJson(
      unifiedDiff({ path: args.path, before, after: outcome.text, maxChars: budget }).text,
      budget
    );
    return {
      path: args.path,
      diff: diff.text,
      diffTruncated: diff.cut,
      replacements: outcome.replacements,
      dryRun: args.dryRun,
      // After a dry run the file is unchanged: its current hash is what the real edit must expect.
      sha256: args.dryRun ? currentHash : sha256(written)
    };
  },
  render: result => {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(result.diff) + 1));
    const note = result.dryRun ? 'Dry run: nothing was written.' : `Applied. New SHA-256: ${result.sha256}`;
    // The official server's text first, byte for byte (the diff, its fence, a blank line), then ours.
    const diff = result.diff.endsWith('\n') ? result.diff : `${result.diff}\n`;
    return `${fence}diff\n${diff}${result.diffTruncated ? '[diff truncated]\n' : ''}${fence}\n\n${note}`;
  }
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** CRLF when every line break is CRLF (a mixed file is edited as it is, byte for byte). */
function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf === text.split('\n').length - 1;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
