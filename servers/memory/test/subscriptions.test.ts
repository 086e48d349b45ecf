import { connectInProcess } from '@mcpkit/testing';
import type { EntryPoint, Era } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import { openDatabase } from '../src/store/database.js';

const URI = 'memory://knowledge-graph';

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
