import { join } from 'node:path';

import { connectInProcess } from '@mcpkit/testing';
import type { EntryPoint, Era } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import { openDatabase } from '../src/store/database.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';
import { startRaw } from './stdio-driver.js';

const URI = 'memory://knowledge-graph';
const JSONL = 'memory://knowledge-graph.jsonl';
const BIN = join(import.meta.dirname, '../dist/bin/cli.js');

describe.each<{ era: Era; entry: EntryPoint }>([
  { era: 'legacy', entry: 'stdio' },
  { era: 'legacy', entry: 'http' },
  { era: 'modern', entry: 'stdio' },
  { era: 'modern', entry: 'http' }
])('memory://knowledge-graph subscription ($era era over $entry)', ({ era, entry }) => {
  it('notifies a subscriber when a tool changes the graph', async () => {
    const server = createMemoryServer(createMemoryContext(await openDatabase(':memory:'), 'default'));
    const { client, close } = await connectInProcess(server, { era, entry });
    try {
      const updated = new Promise<string>(resolve =>
        client.setNotificationHandler('notifications/resources/updated', notification =>
          resolve(notification.params.uri)
        )
      );
      if (era === 'legacy') await client.subscribeResource({ uri: URI });
      else await client.listen({ resourceSubscriptions: [URI] });
      await client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: [] }] }
      });
      expect(await updated).toBe(URI);
    } finally {
      await close();
      await server.close();
    }
  });
});

/** Waits for `count` updates of `uri` or for `ms`, whichever comes first; resolves with how many came. */
function counter(client: Awaited<ReturnType<typeof connectInProcess>>['client']) {
  const seen: string[] = [];
  client.setNotificationHandler('notifications/resources/updated', notification => {
    seen.push(notification.params.uri);
  });
  return {
    seen,
    async until(uri: string, ms: number): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (seen.includes(uri)) return true;
        await new Promise(resolve => setTimeout(resolve, 25));
      }
      return seen.includes(uri);
    }
  };
}

describe.each(ENGINES)('changes from other processes on %s', engine => {
  let location: TestLocation;
  beforeAll(async () => {
    location = await createTestLocation(engine);
  });
  afterAll(() => location.cleanup());

  it('notify this process’s subscribers, for the namespace only, JSON and JSONL alike', async () => {
    const server = createMemoryServer(createMemoryContext(await location.open(), 'default'));
    const { client, close } = await connectInProcess(server, { era: 'legacy', entry: 'stdio' });
    const other = await startRaw({ args: [BIN, '--database-url', location.url, '--namespace', 'default'] });
    try {
      const updates = counter(client);
      await client.subscribeResource({ uri: URI });
      await client.subscribeResource({ uri: JSONL });
      // Let the feed take its first look, then write from the other process, in another namespace.
      await new Promise(resolve => setTimeout(resolve, 400));
      const elsewhere = await other.call('create_entities', {
        namespace: 'elsewhere',
        entities: [{ name: 'Far', entityType: 'x', observations: [] }]
      });
      expect(elsewhere.isError ?? false).toBe(false);
      expect(await updates.until(URI, 1500)).toBe(false);
      // This process writing elsewhere notifies no one either.
      await client.callTool({
        name: 'create_entities',
        arguments: { namespace: 'elsewhere', entities: [{ name: 'Near', entityType: 'x', observations: [] }] }
      });
      expect(await updates.until(URI, 600)).toBe(false);
      // The other process writing to this namespace: both resources are announced.
      await other.call('add_observations', { observations: [] });
      await other.call('create_entities', {
        entities: [{ name: 'Ada', entityType: 'person', observations: [] }]
      });
      expect(await updates.until(URI, 5000)).toBe(true);
      expect(await updates.until(JSONL, 1000)).toBe(true);
      // A deletion by the other process is a change too.
      updates.seen.length = 0;
      await other.call('delete_entities', { entityNames: ['Ada'] });
      expect(await updates.until(URI, 5000)).toBe(true);
    } finally {
      await other.stop();
      await close();
      await server.close();
    }
  });
});
