import type { RequestCall } from '@mcpkit/core';

import type { AllowedRoot } from './confine/allowed-roots.js';
import { narrowRoots } from './confine/allowed-roots.js';
import { clientRootsOf } from './confine/client-roots.js';
import { createDenyList } from './confine/deny-list.js';
import type { DenyList } from './confine/deny-list.js';
import { pathError } from './confine/path-errors.js';
import type { ResolvedPath } from './confine/resolve-within.js';
import { Sandbox } from './confine/sandbox.js';

/** The filesystem server's long-lived state: the operator's ceiling and policy. */
export interface FilesystemContext {
  /** The operator's allowed directories: the most any request may touch. */
  readonly ceiling: readonly AllowedRoot[];
  readonly readOnly: boolean;
  readonly deny: DenyList;
  /** Largest file loaded whole (edits, multi-file reads, grep). */
  readonly maxFileBytes: number;
  /** How long a regex may run on one batch of files before grep stops it. */
  readonly regexTimeoutMs: number;
  /** Test seam passed to every sandbox (see SandboxOptions.beforeUse). */
  readonly beforeUse?: (resolved: ResolvedPath) => Promise<void> | void;
}

export interface FilesystemContextOptions {
  ceiling: readonly AllowedRoot[];
  readOnly?: boolean;
  deny?: readonly string[];
  maxFileBytes?: number;
  regexTimeoutMs?: number;
  beforeUse?: (resolved: ResolvedPath) => Promise<void> | void;
}

export function createFilesystemContext(options: FilesystemContextOptions): FilesystemContext {
  return {
    ceiling: options.ceiling,
    readOnly: options.readOnly ?? false,
    deny: createDenyList(options.deny ?? [], options.ceiling),
    maxFileBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
    regexTimeoutMs: options.regexTimeoutMs ?? 5000,
    ...(options.beforeUse ? { beforeUse: options.beforeUse } : {})
  };
}

/** The roots one request may use: the ceiling, narrowed by a 2025-era client's roots. */
export async function effectiveRoots(call: RequestCall<FilesystemContext>): Promise<readonly AllowedRoot[]> {
  const { ceiling } = call.context;
  const client = call.era === 'legacy' ? await clientRootsOf(call.instance) : undefined;
  if (!client) {
    if (ceiling.length === 0) {
      throw pathError(
        'NO_ALLOWED_DIRECTORIES',
        'No directory is allowed: the server was started without directory arguments and the client offers no roots.'
      );
    }
    return ceiling;
  }
  const narrowed = narrowRoots(ceiling, client);
  if (narrowed.length === 0) {
    throw pathError(
      'NO_ALLOWED_DIRECTORIES',
      `The client's roots (${client.map(root => root.path).join(', ')}) do not overlap the server's allowed directories (${ceiling.map(root => root.path).join(', ')}).`,
      'Ask the user to open a workspace inside one of the server’s allowed directories, or to start the server with the workspace as an argument.'
    );
  }
  return narrowed;
}

/** The sandbox for one request: every path a tool touches goes through it. */
export async function sandboxFor(call: RequestCall<FilesystemContext>): Promise<Sandbox> {
  const roots = await effectiveRoots(call);
  return new Sandbox({
    roots,
    // Judged against the operator's directories whatever the client's roots (see DenyList).
    deny: call.context.deny,
    readOnly: call.context.readOnly,
    ...(call.context.beforeUse ? { beforeUse: call.context.beforeUse } : {})
  });
}
