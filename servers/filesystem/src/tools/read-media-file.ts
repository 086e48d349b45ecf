import { ToolError } from '@mcpkit/core';
import { z } from 'zod';

import { sandboxFor } from '../context.js';
import { mediaTypeOf } from '../fs/media-types.js';
import { READ_ONLY, fileUri, pathArgument } from './common.js';
import { define } from './define.js';

/** Media cannot be paged, so this tool's budget is at least 8 MiB (base64 grows bytes by 4/3). */
const MEDIA_BUDGET = 8 * 1024 * 1024;

const input = z.object({ path: pathArgument('The image, audio or other binary file to read') });

const output = z.object({
  path: z.string().describe('The path as requested'),
  mimeType: z.string().describe('Media type, from the file extension'),
  size: z.number().int().describe('File size in bytes'),
  kind: z.enum(['image', 'audio', 'resource']).describe('How the content block carries the data'),
  uri: z.string().describe('file:// URI of the file'),
  data: z.string().describe('The file, base64-encoded (also in the content block)')
});

/** read_media_file: returns a file as an image, audio or embedded-resource content block. */
export const readMediaFileTool = define.tool({
  name: 'read_media_file',
  title: 'Read Media File',
  description:
    'Read an image, audio or other binary file and return it base64-encoded as a content block with its ' +
    'MIME type: images and audio as image/audio content, anything else as an embedded resource. The ' +
    'structured result repeats the data with its metadata. Files over about 6 MB are refused. Only works within ' +
    'allowed directories.',
  input,
  output,
  annotations: READ_ONLY,
  outputBudget: serverBudget => Math.max(serverBudget, MEDIA_BUDGET),
  async handler(args, call) {
    const sandbox = await sandboxFor(call);
    const resolved = await sandbox.resolve(args.path, 'read');
    const { handle, stats } = await sandbox.openFile(resolved);
    try {
      const limit = Math.floor((call.maxOutputBytes - 4096) * 0.75);
      if (stats.size > limit) {
        throw new ToolError(
          'FILE_TOO_LARGE',
          `${args.path} is ${stats.size} bytes; this tool returns files up to ${limit} bytes.`,
          { hint: 'Use get_file_info for its metadata, or ask the user for a smaller version of the file.' }
        );
      }
      const mimeType = mediaTypeOf(resolved.real);
      const kind = mimeType.startsWith('image/')
        ? 'image'
        : mimeType.startsWith('audio/')
          ? 'audio'
          : 'resource';
      const data = (await handle.readFile()).toString('base64');
      return {
        path: args.path,
        mimeType,
        size: stats.size,
        kind,
        uri: fileUri(resolved.real),
        data
      } as const;
    } finally {
      await handle.close();
    }
  },
  render(result) {
    if (result.kind === 'resource') {
      return [
        { type: 'resource', resource: { uri: result.uri, mimeType: result.mimeType, blob: result.data } }
      ];
    }
    return [{ type: result.kind, data: result.data, mimeType: result.mimeType }];
  }
});
