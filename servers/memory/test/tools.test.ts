import { connectInProcess } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import { openDatabase } from '../src/store/database.js';
import { graphOutput } from '../src/tools/schemas.js';

async function connected() {
  const context = createMemoryContext(await openDatabase(':memory:'), 'default');
  const server = createMemoryServer(context);
  const connection = await connectInProcess(server, { era: 'modern', entry: 'stdio' });
  return {
    context,
    client: connection.client,
    close: async () => {
      await connection.close();
      await server.close();
    }
  };
}

describe('memory tools', () => {
  it('reports a large successful batch as a success, with the count, not as an oversize error', async () => {
    const { client, context, close } = await connected();
    try {
      const entities = Array.from({ length: 3000 }, (_, index) => ({
        name: `entity-${index}`,
        entityType: 'bulk',
        observations: [`observation ${index}`]
      }));
      const result = await client.callTool({ name: 'create_entities', arguments: { entities } });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toMatchObject({ count: 3000, truncated: true });
      expect((await context.store.readGraph('default')).entities).toHaveLength(3000);
    } finally {
      await close();
    }
  });

  it('pages read_graph within the budget and covers every entity exactly once', async () => {
    const { client, context, close } = await connected();
    try {
      await context.store.createEntities(
        'default',
        Array.from({ length: 2000 }, (_, index) => ({
          name: `e${index}`,
          entityType: 't',
          observations: ['x'.repeat(50)]
        }))
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.callTool({ name: 'read_graph', arguments: cursor ? { cursor } : {} });
        const content = graphOutput.parse(page.structuredContent);
        seen.push(...content.entities.map(entity => entity.name));
        cursor = content.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(1);
      expect(new Set(seen).size).toBe(2000);
      expect(seen).toHaveLength(2000);
    } finally {
      await close();
    }
  });

  it('names the missing entity and changes nothing when a relation points nowhere', async () => {
    const { client, close } = await connected();
    try {
      const result = await client.callTool({
        name: 'create_relations',
        arguments: { relations: [{ from: 'Ada', to: 'Nobody', relationType: 'knows' }] }
      });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/Ada.*Nobody|Nobody/);
      expect(JSON.stringify(result.content)).toMatch(/create_entities/);
    } finally {
      await close();
    }
  });

  it('refuses an invalid namespace with the rule it broke', async () => {
    const { client, close } = await connected();
    try {
      const result = await client.callTool({ name: 'read_graph', arguments: { namespace: '../Etc' } });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/namespace/);
    } finally {
      await close();
    }
  });
});

describe('memory read modes and search pages', () => {
  it('returns names only, or summaries, and fits more entities per page that way', async () => {
    const { client, context, close } = await connected();
    try {
      await context.store.createEntities(
        'default',
        Array.from({ length: 1500 }, (_, index) => ({
          name: `e${index}`,
          entityType: 'kind',
          observations: ['x'.repeat(100), 'y'.repeat(100)]
        }))
      );
      const full = graphOutput.parse(
        (await client.callTool({ name: 'read_graph', arguments: {} })).structuredContent
      );
      const names = graphOutput.parse(
        (await client.callTool({ name: 'read_graph', arguments: { mode: 'names' } })).structuredContent
      );
      const summary = graphOutput.parse(
        (await client.callTool({ name: 'open_nodes', arguments: { names: ['e1'], mode: 'summary' } }))
          .structuredContent
      );
      expect(names.entities[0]).toEqual({ name: 'e0' });
      expect(names.entities.length).toBeGreaterThan(full.entities.length * 3);
      expect(summary.entities).toEqual([{ name: 'e1', entityType: 'kind', observationCount: 2 }]);
    } finally {
      await close();
    }
  });

  it('pages search results with a cursor tied to the query', async () => {
    const { client, context, close } = await connected();
    try {
      await context.store.createEntities(
        'default',
        Array.from({ length: 45 }, (_, index) => ({
          name: `match-${index}`,
          entityType: 't',
          observations: []
        }))
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = graphOutput.parse(
          (
            await client.callTool({
              name: 'search_nodes',
              arguments: { query: 'match', limit: 20, ...(cursor ? { cursor } : {}) }
            })
          ).structuredContent
        );
        seen.push(...page.entities.map(entity => entity.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(45);
      const first = graphOutput.parse(
        (await client.callTool({ name: 'search_nodes', arguments: { query: 'match', limit: 20 } }))
          .structuredContent
      );
      const wrong = await client.callTool({
        name: 'search_nodes',
        arguments: { query: 'other', cursor: first.nextCursor }
      });
      expect(wrong.isError).toBe(true);
    } finally {
      await close();
    }
  });
});

describe('drop-in for clients of the official server', () => {
  it('accepts an observation of 12,000 characters and reads it back whole', async () => {
    const { client, close } = await connected();
    try {
      const text = 'long observation '.repeat(706).slice(0, 12_000);
      const created = await client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: 'Essay', entityType: 'document', observations: [text] }] }
      });
      expect(created.isError ?? false).toBe(false);
      const opened = graphOutput.parse(
        (await client.callTool({ name: 'open_nodes', arguments: { names: ['Essay'] } })).structuredContent
      );
      expect(opened.entities[0]?.observations).toEqual([text]);
    } finally {
      await close();
    }
  });

  it('answers an empty query with every entity, paged, in creation order, as the official search does', async () => {
    const { client, context, close } = await connected();
    try {
      await context.store.createEntities(
        'default',
        Array.from({ length: 1200 }, (_, index) => ({
          name: `n${index}`,
          entityType: 't',
          observations: ['o'.repeat(80)]
        }))
      );
      await context.store.createRelations('default', [{ from: 'n1', to: 'n0', relationType: 'follows' }]);
      const names: string[] = [];
      const relations: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = graphOutput.parse(
          (
            await client.callTool({
              name: 'search_nodes',
              arguments: { query: '', ...(cursor ? { cursor } : {}) }
            })
          ).structuredContent
        );
        names.push(...page.entities.map(entity => entity.name));
        relations.push(...page.relations);
        cursor = page.nextCursor;
      } while (cursor);
      expect(names).toEqual(Array.from({ length: 1200 }, (_, index) => `n${index}`));
      expect(relations).toEqual([{ from: 'n1', to: 'n0', relationType: 'follows' }]);
    } finally {
      await close();
    }
  });

  it('returns open_nodes entities in creation order and relations in creation order, whatever order is asked', async () => {
    const { client, context, close } = await connected();
    try {
      await context.store.createEntities('default', [
        { name: 'A', entityType: 't', observations: [] },
        { name: 'B', entityType: 't', observations: [] },
        { name: 'C', entityType: 't', observations: [] }
      ]);
      await context.store.createRelations('default', [
        { from: 'C', to: 'A', relationType: 'first' },
        { from: 'A', to: 'B', relationType: 'second' },
        { from: 'B', to: 'C', relationType: 'third' }
      ]);
      const opened = graphOutput.parse(
        (await client.callTool({ name: 'open_nodes', arguments: { names: ['C', 'A'] } })).structuredContent
      );
      expect(opened.entities.map(entity => entity.name)).toEqual(['A', 'C']);
      // Either end among them, as the official server's open_nodes, in creation order.
      expect(opened.relations.map(relation => relation.relationType)).toEqual(['first', 'second', 'third']);
    } finally {
      await close();
    }
  });
});

describe('recent_changes', () => {
  it('accepts a since time with an offset, as ISO 8601 allows', async () => {
    const { client, context, close } = await connected();
    try {
      await context.store.createEntities('default', [{ name: 'Fresh', entityType: 't', observations: [] }]);
      const hourAgo = new Date(Date.now() - 3_600_000);
      // The same instant, written in UTC+02:00.
      const local = new Date(hourAgo.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
      const result = await client.callTool({ name: 'recent_changes', arguments: { since: local } });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toMatchObject({ entities: [{ name: 'Fresh' }] });
      const future = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '+00:00');
      expect(
        (await client.callTool({ name: 'recent_changes', arguments: { since: future } })).structuredContent
      ).toEqual({
        entities: []
      });
    } finally {
      await close();
    }
  });
});
