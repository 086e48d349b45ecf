import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ReadResourceResult, Resource } from '@modelcontextprotocol/server';
import type { RequestCall, ResourceDefinition, ResourceWatching } from '@mcpkit/core';
import { defineResourceTemplate, fitJson } from '@mcpkit/core';

import { Sandbox } from '../confine/sandbox.js';
import { effectiveRoots, sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';
import { BINARY_SNIFF_BYTES, looksBinary } from '../fs/binary.js';
import { mediaTypeOf } from '../fs/media-types.js';
import { fileUri } from '../tools/common.js';
import { watchConfined } from '../confine/confined-watch.js';
import { directoryNames } from './directory-names.js';

const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;
const MAX_COMPLETIONS = 100;
const MAX_LISTED = 5000;

/**
 * Every file under the allowed directories as a `file://` resource. `resources/list` shows the
 * allowed directories themselves; reading a directory lists it; path completion walks one level.
 */
export const fileResource = defineResourceTemplate<FilesystemContext>({
  name: 'file',
  uriTemplate: 'file://{+path}',
  title: 'Files in the allowed directories',
  description:
    'A file (its text, or base64 for binary files) or a directory (a listing) inside the allowed directories.',
  list: async call =>
    (await effectiveRoots(call)).map((root): Resource => ({
      uri: fileUri(root.real),
      name: basename(root.path) || root.path,
      title: `Allowed directory ${root.path}`,
      mimeType: 'inode/directory',
      description: 'An allowed directory; read it for a listing.'
    })),
  complete: {
    path: async (value, { context }) => {
      if (context.ceiling.length === 0) return [];
      const sandbox = new Sandbox({ roots: context.ceiling, deny: context.deny, readOnly: true });
      const partial = value === '' ? (context.ceiling[0]?.real ?? '/') + '/' : value;
      const directory = partial.endsWith('/') ? partial : dirname(partial);
      const prefix = partial.endsWith('/') ? '' : basename(partial);
      try {
        const resolved = await sandbox.resolve(directory, 'read');
        const names = await directoryNames(sandbox, resolved, {
          most: MAX_COMPLETIONS,
          keep: name => name.startsWith(prefix)
        });
        return names.map(name => `${directory.replace(/\/$/, '')}/${name}`);
      } catch {
        return [];
      }
    }
  },
  read: (uri, _variables, call) => readFileResource(uri, call)
});

async function readFileResource(uri: URL, call: RequestCall<FilesystemContext>): Promise<ReadResourceResult> {
  const sandbox = await sandboxFor(call);
  const resolved = await sandbox.resolve(fileURLToPath(uri), 'read');
  const stats = await sandbox.stat(resolved);
  if (stats.isDirectory()) {
    const entries = await directoryNames(sandbox, resolved, { most: MAX_LISTED });
    const listing = fitJson(entries.join('\n'), call.maxOutputBytes - 1024);
    return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: listing.text }] };
  }
  const { handle } = await sandbox.openFile(resolved);
  try {
    const length = Math.min(stats.size, MAX_RESOURCE_BYTES);
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, 0);
    const mimeType = mediaTypeOf(resolved.real);
    if (looksBinary(bytes.subarray(0, BINARY_SNIFF_BYTES))) {
      return { contents: [{ uri: uri.href, mimeType, blob: bytes.toString('base64') }] };
    }
    const text = fitJson(bytes.toString('utf8'), Math.max(1024, call.maxOutputBytes - 1024));
    return {
      contents: [
        {
          uri: uri.href,
          mimeType: mimeType === 'application/octet-stream' ? 'text/plain' : mimeType,
          text: text.text
        }
      ]
    };
  } finally {
    await handle.close();
  }
}

/**
 * Watches a subscribed file:// resource inside the operator's directories and publishes
 * `notifications/resources/updated` when it changes outside the server (changes made through the
 * tools are published by the tools themselves, in both protocol eras). Each batch of events is
 * judged again through the sandbox (see {@link watchConfined}), so a watched directory moved out of
 * the allowed directories, or swapped for a symlink, reports nothing from outside.
 */
export const fileWatching: ResourceWatching<FilesystemContext> = {
  watch(uri, { context, notify }) {
    if (context.ceiling.length === 0) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    // No request here, so no client roots: the operator's directories bound the watch.
    const sandbox = new Sandbox({
      roots: context.ceiling,
      deny: context.deny,
      readOnly: true,
      ...(context.beforeUse ? { beforeUse: context.beforeUse } : {})
    });
    return watchConfined({ path, sandbox, changed: () => notify.resourceUpdated(uri) });
  }
};

/** The server's resources. */
export const resources: readonly ResourceDefinition<FilesystemContext>[] = [fileResource];
