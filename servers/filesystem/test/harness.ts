import type { Client } from '@modelcontextprotocol/client';
import { afterEach } from 'vitest';
import type { TreeSpec } from '@mcpkit/testing';
import { connectInProcess, createTempDir } from '@mcpkit/testing';
import type { ClientSetup, EntryPoint, Era, TempDir } from '@mcpkit/testing';

import { loadRoots } from '../src/confine/allowed-roots.js';
import type { FilesystemContextOptions } from '../src/context.js';
import { createFilesystemServer } from '../src/server.js';

/** A filesystem server over a fresh temp tree, connected through a real client. */
export interface FsHarness {
  dir: TempDir;
  client: Client;
  /** Calls a tool; returns the result with its text joined. */
  call(name: string, args: Record<string, unknown>): Promise<CallOutcome>;
  close(): Promise<void>;
}

export interface CallOutcome {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
}

export interface HarnessOptions extends Omit<FilesystemContextOptions, 'ceiling'> {
  era?: Era;
  entry?: EntryPoint;
  client?: ClientSetup;
  maxOutputBytes?: number;
  /** Directories (relative to the temp dir) to allow; default the temp dir itself. */
  allow?: string[];
}

export async function createHarness(tree: TreeSpec, options: HarnessOptions = {}): Promise<FsHarness> {
  const dir = await createTempDir(tree, 'mcpkit-fs-');
  const { era = 'modern', entry = 'stdio', client: setup, allow, ...contextOptions } = options;
  const { roots } = await loadRoots((allow ?? ['']).map(path => dir.resolve(path)));
  const server = createFilesystemServer({ ...contextOptions, ceiling: roots });
  const connection = await connectInProcess(server, { era, entry, ...(setup ? { client: setup } : {}) });
  return {
    dir,
    client: connection.client,
    call: (name, args) => callTool(connection.client, name, args),
    async close() {
      await connection.close();
      await server.close();
      await dir.cleanup();
    }
  };
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>
): Promise<CallOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return {
    isError: result.isError === true,
    text: content.map(block => block.text ?? `[${block.type}]`).join('\n'),
    structured: result.structuredContent as Record<string, unknown> | undefined
  };
}

/**
 * Returns a `harness(tree, options)` whose harnesses are closed after each test. Call it once at
 * module level: `const harness = harnessPerTest();`.
 */
export function harnessPerTest(): (tree: TreeSpec, options?: HarnessOptions) => Promise<FsHarness> {
  const open: FsHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map(item => item.close()));
  });
  return async (tree, options = {}) => {
    const created = await createHarness(tree, options);
    open.push(created);
    return created;
  };
}
