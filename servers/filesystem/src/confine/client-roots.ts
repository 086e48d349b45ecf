import type { McpServer } from '@modelcontextprotocol/server';
import { fileURLToPath } from 'node:url';

import type { AllowedRoot } from './allowed-roots.js';
import { loadRoots } from './allowed-roots.js';

const cache = new WeakMap<McpServer, Promise<AllowedRoot[] | undefined>>();

/**
 * The roots a 2025-era client offers on this connection (file:// URIs that are existing
 * directories), fetched once and again after `notifications/roots/list_changed`. Undefined when
 * the client does not offer roots, offers none, or the request is stateless.
 */
export function clientRootsOf(instance: McpServer): Promise<AllowedRoot[] | undefined> {
  // Roots are a 2025-era request on a connection (deprecated from 2026-07-28, still served in
  // the deprecation window): the connection's capabilities and roots/list are how they come.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the 2025 era's only source
  if (!instance.server.getClientCapabilities()?.roots) return Promise.resolve(undefined);
  let roots = cache.get(instance);
  if (!roots) {
    roots = fetchRoots(instance);
    cache.set(instance, roots);
  }
  return roots;
}

/** Forgets a connection's roots when the client says they changed. */
export function watchClientRoots(instance: McpServer): void {
  instance.server.setNotificationHandler('notifications/roots/list_changed', () => {
    cache.delete(instance);
  });
}

async function fetchRoots(instance: McpServer): Promise<AllowedRoot[] | undefined> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- 2025-era roots (see clientRootsOf)
    const { roots } = await instance.server.listRoots(undefined, { timeout: 10_000 });
    const paths = roots.flatMap(root => {
      try {
        return root.uri.startsWith('file://') ? [fileURLToPath(root.uri)] : [];
      } catch {
        return [];
      }
    });
    // Roots that are not existing directories are ignored; none left means none offered, so the
    // operator's directories apply (as the official server keeps its own in that case).
    const usable = paths.length === 0 ? [] : (await loadRoots(paths)).roots;
    return usable.length === 0 ? undefined : usable;
  } catch {
    // A client that fails roots/list is treated as offering none; retry on the next call.
    cache.delete(instance);
    return undefined;
  }
}
