import { pathToFileURL } from 'node:url';

import type { ToolAnnotations, ToolCall } from '@mcpkit/core';
import { READ_ONLY_ANNOTATIONS, changingAnnotations } from '@mcpkit/core';
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

export { cursorArgument } from '@mcpkit/core';

export const READ_ONLY: ToolAnnotations = READ_ONLY_ANNOTATIONS;

/** Adds without overwriting: creating a directory, copying to a new name. */
export const ADDITIVE = (idempotent: boolean): ToolAnnotations =>
  changingAnnotations({ destructive: false, idempotent });

/** Overwrites or removes existing data. */
export const DESTRUCTIVE = (idempotent: boolean): ToolAnnotations =>
  changingAnnotations({ destructive: true, idempotent });

/** Write tools are hidden in read-only mode. */
export const writable = (context: FilesystemContext) => !context.readOnly;

/**
 * What a paged call's answer depends on besides its page: its arguments but `cursor` and `limit`
 * (the scope of its cursors, see defineCursor).
 */
export function queryOf(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([key]) => key !== 'cursor' && key !== 'limit'));
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
