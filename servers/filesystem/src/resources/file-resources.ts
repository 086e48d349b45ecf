import { realpathSync, statSync, watch } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ReadResourceResult, Resource } from '@modelcontextprotocol/server';
import type { RequestCall, ResourceDefinition, ResourceWatching } from '@mcpkit/core';
import { defineResourceTemplate } from '@mcpkit/core';

import { isWithin } from '../confine/allowed-roots.js';
import { Sandbox } from '../confine/sandbox.js';
import { effectiveRoots, sandboxFor } from '../context.js';
import type { FilesystemContext } from '../context.js';
import { BINARY_SNIFF_BYTES, looksBinary } from '../fs/binary.js';
import { fitJson } from '../fs/fit-json.js';
import { mediaTypeOf } from '../fs/media-types.js';
import { fileUri } from '../tools/common.js';

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
        const entries = await sandbox.readDirectory(resolved);
        return entries
          .filter(entry => entry.name.startsWith(prefix))
          .filter(entry => !sandbox.deny.denies(sandbox.child(resolved, entry.name).relative))
          .map(entry => `${directory.replace(/\/$/, '')}/${entry.name}${entry.isDirectory() ? '/' : ''}`)
          .sort()
          .slice(0, MAX_COMPLETIONS);
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
    const entries = (await sandbox.readDirectory(resolved))
      .filter(entry => !sandbox.deny.denies(sandbox.child(resolved, entry.name).relative))
      .map(entry => `${entry.name}${entry.isDirectory() ? '/' : ''}`)
      .sort();
    const listing = fitJson(entries.slice(0, MAX_LISTED).join('\n'), call.maxOutputBytes - 1024);
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
 * tools are published by the tools themselves, in both protocol eras).
 */
export const fileWatching: ResourceWatching<FilesystemContext> = {
  watch(uri, { context, notify }) {
    const target = watchTarget(uri, context);
    return target === undefined ? undefined : watchPath(target, () => notify.resourceUpdated(uri));
  }
};

/** A directory to watch, and for a file the entry name whose events count. */
interface WatchTarget {
  directory: string;
  name?: string;
}

/**
 * What to watch for a subscribed URI, judged by its real path: undefined when that lies outside the
 * operator's directories or is denied. A file is watched through its directory, by name: editors
 * (and write_file) replace a file by renaming a new one over it, and a watch on the file itself
 * would stay on the replaced one and never fire again; this also sees a deleted file come back.
 */
function watchTarget(uri: string, context: FilesystemContext): WatchTarget | undefined {
  let real: string;
  try {
    real = realPathOf(fileURLToPath(uri));
  } catch {
    return undefined;
  }
  const root = context.ceiling.find(candidate => isWithin(candidate.real, real));
  if (!root || context.deny.denies(relative(root.real, real).split(sep).join('/'))) return undefined;
  if (statSync(real, { throwIfNoEntry: false })?.isDirectory()) return { directory: real };
  return { directory: dirname(real), name: basename(real) };
}

/** The real path of an entry, or of its directory joined with its name when it does not exist. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return join(realpathSync(dirname(path)), basename(path));
  }
}

function watchPath(target: WatchTarget, changed: () => void): (() => void) | undefined {
  try {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(target.directory, { persistent: false }, (_event, filename) => {
      if (target.name !== undefined && filename !== null && filename !== target.name) return;
      // Editors write in bursts; one notification per 50 ms is enough.
      timer ??= setTimeout(() => {
        timer = undefined;
        changed();
      }, 50);
    });
    watcher.on('error', () => watcher.close());
    return () => {
      if (timer) clearTimeout(timer);
      watcher.close();
    };
  } catch {
    return undefined;
  }
}

/** The server's resources. */
export const resources: readonly ResourceDefinition<FilesystemContext>[] = [fileResource];
