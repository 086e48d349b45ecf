import { pathToFileURL } from 'node:url';

import type { ToolAnnotations, ToolCall } from '@mcpkit/core';
import { READ_ONLY_ANNOTATIONS, changingAnnotations, decodeCursor, encodeCursor } from '@mcpkit/core';
import { z } from 'zod';

import { pathError } from '../confine/path-errors.js';
import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';

/** A path argument: absolute, or relative to an allowed directory. */
export const pathArgument = (what = 'The path') =>
  z
    .string()
    .min(1)
    .max(4096)
    .describe(`${what}: absolute, or relative to an allowed directory. Must be inside an allowed directory.`);

/** Glob list arguments (exclude/include patterns). */
export const globList = (what: string) => z.array(z.string().min(1).max(512)).max(100).describe(what);

export const cursorArgument = z
  .string()
  .max(1024)
  .optional()
  .describe('Opaque cursor from a previous result’s nextCursor, to continue where it stopped.');

export const READ_ONLY: ToolAnnotations = READ_ONLY_ANNOTATIONS;

/** Adds without overwriting: creating a directory, copying to a new name. */
export const ADDITIVE = (idempotent: boolean): ToolAnnotations =>
  changingAnnotations({ destructive: false, idempotent });

/** Overwrites or removes existing data. */
export const DESTRUCTIVE = (idempotent: boolean): ToolAnnotations =>
  changingAnnotations({ destructive: true, idempotent });

/** Write tools are hidden in read-only mode. */
export const writable = (context: FilesystemContext) => !context.readOnly;

/** Bytes kept back from a result's budget for the fields around the main payload. */
export const ENVELOPE_BYTES = 2048;

/** The payload budget of a call: its budget less room for the envelope. */
export function payloadBudget(call: ToolCall<FilesystemContext>): number {
  return Math.max(1024, call.maxOutputBytes - ENVELOPE_BYTES);
}

const offsetCursor = z.object({ offset: z.number().int().min(0), scope: z.string().max(64) });

/** Encodes an offset cursor tied to a tool (so a cursor from another tool is rejected). */
export function offsetToCursor(offset: number, scope: string): string {
  return encodeCursor({ offset, scope });
}

/** Decodes an offset cursor made by {@link offsetToCursor} for the same tool; 0 when absent. */
export function cursorToOffset(cursor: string | undefined, scope: string): number {
  if (cursor === undefined) return 0;
  const position = decodeCursor(cursor, offsetCursor);
  if (position.scope !== scope) return decodeCursor('invalid', offsetCursor).offset;
  return position.offset;
}

/** The file:// URI of a real path (for resource notifications and links). */
export function fileUri(real: string): string {
  return pathToFileURL(real).href;
}

/** Tells subscribers and listing clients that a file changed. */
export function announceChange(call: ToolCall<FilesystemContext>, real: string): void {
  call.notify.resourceUpdated(fileUri(real));
}

/**
 * The sandbox of a call and a directory to walk in it. The walker skips unreadable directories
 * silently, so a file given here is refused up front rather than read as "nothing found".
 */
export async function walkableDirectory(
  call: ToolCall<FilesystemContext>,
  path: string
): Promise<{ sandbox: Sandbox; top: ResolvedPath }> {
  const sandbox = await sandboxFor(call);
  const top = await sandbox.resolve(path, 'read');
  if (!(await sandbox.stat(top)).isDirectory()) {
    throw pathError('NOT_A_DIRECTORY', `${path} is not a directory.`);
  }
  return { sandbox, top };
}
