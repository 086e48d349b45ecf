import { StringDecoder } from 'node:string_decoder';

import { fitJson, payloadRoom } from '@mcpkit/core';
import { z } from 'zod';

import { sandboxFor } from '../context.js';
import { BINARY_SNIFF_BYTES, looksBinary } from '../fs/binary.js';
import { READ_ONLY, pathArgument } from './common.js';
import { define } from './define.js';

/** Room per file for what surrounds its text: its path, its error or its flags. */
const FILE_ENVELOPE_BYTES = 256;

const input = z.object({
  paths: z
    .array(pathArgument('A file to read'))
    .min(1)
    .max(100)
    .describe(
      'Files to read (1–100). Each must be inside an allowed directory; failures are reported per file.'
    )
});

const fileResult = z.object({
  path: z.string().describe('The path as requested'),
  content: z.string().optional().describe('The file text (absent when the read failed)'),
  truncated: z.boolean().optional().describe('True when the content was cut to share the output budget'),
  size: z.number().int().optional().describe('File size in bytes'),
  error: z.string().optional().describe('Why this file could not be read')
});

const output = z.object({
  files: z.array(fileResult).describe('One entry per requested path, in request order'),
  truncated: z.boolean().describe('True when any file was cut to fit the output budget')
});

/** read_multiple_files: reads several files at once; one failure does not fail the others. */
export const readMultipleFilesTool = define.tool({
  name: 'read_multiple_files',
  title: 'Read Multiple Files',
  description:
    'Read several text files in one call (faster than one call each when comparing or analysing files). ' +
    'Each file comes back with its path; a file that cannot be read reports its error without failing ' +
    'the others. The output budget is shared between the files: a long file is cut and marked ' +
    'truncated (read it with read_text_file and offset to see the rest). Only works within allowed directories.',
  input,
  output,
  annotations: READ_ONLY,
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const share = Math.floor(payloadRoom(call.maxOutputBytes) / args.paths.length) - FILE_ENVELOPE_BYTES;
    const files = await Promise.all(
      args.paths.map(async path => {
        try {
          const resolved = await sandbox.resolve(path, 'read');
          const { handle, stats } = await sandbox.openFile(resolved);
          try {
            const length = Math.min(stats.size, Math.max(0, share), call.context.maxFileBytes);
            const buffer = Buffer.alloc(length);
            const { bytesRead } = await handle.read(buffer, 0, length, 0);
            const bytes = buffer.subarray(0, bytesRead);
            if (looksBinary(bytes.subarray(0, BINARY_SNIFF_BYTES))) {
              return { path, size: stats.size, error: 'binary file; use read_media_file' };
            }
            const cut = fitJson(decodeStart(bytes, bytesRead >= stats.size), Math.max(0, share));
            return {
              path,
              content: cut.text,
              size: stats.size,
              ...(cut.cut || length < stats.size ? { truncated: true } : {})
            };
          } finally {
            await handle.close();
          }
        } catch (error) {
          return { path, error: error instanceof Error ? error.message : String(error) };
        }
      })
    );
    return { files, truncated: files.some(file => 'truncated' in file && file.truncated === true) };
  },
  render: result =>
    result.files
      .map(file =>
        file.error === undefined
          ? `${file.path}:\n${file.content ?? ''}${file.truncated ? '\n[truncated: read the rest with read_text_file and offset]' : ''}\n`
          : `${file.path}: Error - ${file.error}`
      )
      .join('\n---\n')
});

/**
 * Decodes UTF-8 bytes; when they are only the start of a file, a character the cut split in two is
 * dropped rather than shown as U+FFFD.
 */
function decodeStart(bytes: Buffer, wholeFile: boolean): string {
  const decoder = new StringDecoder('utf8');
  return wholeFile ? decoder.end(bytes) : decoder.write(bytes);
}
