import { connectInProcess } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import type { MemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import type { Entity, Relation } from '../src/store/graph.js';
import { graphOutput } from '../src/tools/schemas.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

type Client = Awaited<ReturnType<typeof connectInProcess>>['client'];

/** The bytes of a result as the client receives each rendering (what the budget bounds). */
function receivedBytes(result: { content?: unknown; structuredContent?: unknown }): number {
  return Math.max(
    Buffer.byteLength(JSON.stringify(result.structuredContent)),
    Buffer.byteLength(JSON.stringify(result.content))
  );
}

/**
 * Walks a read tool to its end, checking that every page fits the budget, and puts cut entities
 * and observations back together: what the walk delivered, in order.
 */
async function walk(
  client: Client,
  call: { name: string; arguments: Record<string, unknown> },
  budget: number
): Promise<{ entities: Entity[]; relations: Relation[]; pages: number }> {
  const entities: Entity[] = [];
  const relations: Relation[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await client.callTool({
      name: call.name,
      arguments: { ...call.arguments, ...(cursor ? { cursor } : {}) }
    });
    expect(result.isError ?? false, JSON.stringify(result.content).slice(0, 500)).toBe(false);
    expect(receivedBytes(result)).toBeLessThanOrEqual(budget);
    const page = graphOutput.parse(result.structuredContent);
    // The text is the same page, as JSON.
    expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual(page);
    for (const entity of page.entities) {
      const last = entities.at(-1);
      const continues = entity.observationsFrom !== undefined && last?.name === entity.name;
      const target: Entity =
        continues && last !== undefined
          ? last
          : { name: entity.name, entityType: entity.entityType ?? '', observations: [] };
      const pieces = [...(entity.observations ?? [])];
      if (entity.firstObservationContinued && pieces.length > 0) {
        target.observations.push(`${target.observations.pop() ?? ''}${pieces.shift() ?? ''}`);
      }
      target.observations.push(...pieces);
      if (!continues) entities.push(target);
    }
    relations.push(...page.relations);
    cursor = page.nextCursor;
    pages++;
    expect(pages).toBeLessThan(5000);
  } while (cursor);
  return { entities, relations, pages };
}

const BUDGETS = [32_768, 65_536];

describe.each(ENGINES)('pages that fit, on %s', engine => {
  let location: TestLocation;
  let context: MemoryContext;
  const clients = new Map<number, { client: Client; close(): Promise<void> }>();
  const namespace = 'pages';

  const big: Entity = {
    name: 'Big',
    entityType: 'notes',
    observations: Array.from(
      { length: 600 },
      (_, index) => `${String(index).padStart(3, '0')} ${'x'.repeat(96)}`
    )
  };
  // Quotes, backslashes, newlines, controls, astral characters: each costs more once escaped.
  const huge = Array.from({ length: 4000 }, (_, index) => `"q${index}"\\\n\t\u0001😀 é`)
    .join('')
    .slice(0, 100_000);
  const giant: Entity = { name: 'Giant', entityType: 'dump', observations: ['before', huge, 'after'] };
  const tiny: Entity = {
    name: 'Tiny',
    entityType: 'bits',
    observations: Array.from({ length: 5000 }, (_, index) => `${index}`)
  };
  const spokes = Array.from({ length: 1000 }, (_, index) => ({
    name: `spoke-${index}`,
    entityType: 'spoke',
    observations: []
  }));
  const hubRelations: Relation[] = spokes.map(spoke => ({
    from: 'Hub',
    to: spoke.name,
    relationType: 'links to the spoke named'
  }));

  beforeAll(async () => {
    location = await createTestLocation(engine);
    context = createMemoryContext(await location.open(), namespace);
    await context.store.createEntities(namespace, [
      big,
      giant,
      tiny,
      { name: 'Hub', entityType: 'hub', observations: ['central'] },
      ...spokes
    ]);
    await context.store.createRelations(namespace, hubRelations);
    for (const budget of BUDGETS) {
      const server = createMemoryServer(context, { maxOutputBytes: budget });
      const connection = await connectInProcess(server, { era: 'modern', entry: 'stdio' });
      clients.set(budget, { client: connection.client, close: () => connection.close() });
    }
  });
  afterAll(async () => {
    for (const { close } of clients.values()) await close();
    await context.database.close();
    await location.cleanup();
  });

  it.each(BUDGETS)(
    'walks read_graph to its end within %d bytes, every entity and relation whole, once',
    async budget => {
      const { client } = clients.get(budget)!;
      const graph = await context.store.readGraph(namespace);
      const walked = await walk(client, { name: 'read_graph', arguments: {} }, budget);
      expect(walked.pages).toBeGreaterThan(3);
      expect(walked.entities).toEqual(graph.entities);
      expect(walked.relations).toEqual(graph.relations);
    }
  );

  it.each(BUDGETS)(
    'walks a hub in names mode and open_nodes of big entities within %d bytes',
    async budget => {
      const { client } = clients.get(budget)!;
      const names = await walk(client, { name: 'read_graph', arguments: { mode: 'names' } }, budget);
      expect(names.relations).toEqual(hubRelations);
      expect(names.entities.map(entity => entity.name)).toHaveLength(spokes.length + 4);
      const opened = await walk(
        client,
        { name: 'open_nodes', arguments: { names: ['Tiny', 'Big', 'Giant', 'Hub'] } },
        budget
      );
      // Creation order, as the official open_nodes returns them; every relation touching them.
      expect(opened.entities).toEqual([
        big,
        giant,
        tiny,
        { name: 'Hub', entityType: 'hub', observations: ['central'] }
      ]);
      expect(opened.relations).toEqual(hubRelations);
    }
  );

  it('lists on a search page only the relations of the entities it shows', async () => {
    const { client } = clients.get(32_768)!;
    const other = 'cut';
    await context.store.createEntities(other, [
      { name: 'Zebra other', entityType: 'x', observations: [] },
      { name: 'Elsewhere', entityType: 'x', observations: [] },
      { name: 'Friend', entityType: 'x', observations: [] }
    ]);
    // Most recent, so first (stamps count milliseconds: one apart, not a tie broken by id): more
    // than a page of observations, so the page ends inside it.
    await new Promise(resolve => setTimeout(resolve, 2));
    await context.store.createEntities(other, [
      {
        name: 'Zebra filler',
        entityType: 'x',
        observations: Array.from({ length: 100 }, (_, index) => `${index} ${'y'.repeat(1000)}`)
      }
    ]);
    await context.store.createRelations(other, [
      { from: 'Zebra other', to: 'Elsewhere', relationType: 'knows' },
      { from: 'Zebra filler', to: 'Friend', relationType: 'knows' }
    ]);
    const first = await client.callTool({
      name: 'search_nodes',
      arguments: { query: 'zebra', namespace: other }
    });
    const page = graphOutput.parse(first.structuredContent);
    expect(page.entities.map(entity => entity.name)).toEqual(['Zebra filler']);
    expect(page.nextCursor).toBeDefined();
    expect(page.relations).toEqual([{ from: 'Zebra filler', to: 'Friend', relationType: 'knows' }]);
  });

  it.each(BUDGETS)(
    'pages a search over big entities within %d bytes, and marks the relations it left out',
    async budget => {
      const { client } = clients.get(budget)!;
      const found = await walk(
        client,
        { name: 'search_nodes', arguments: { query: 'i', limit: 500 } },
        budget
      );
      expect(found.entities.find(entity => entity.name === 'Giant')).toEqual(giant);
      expect(found.entities.find(entity => entity.name === 'Big')).toEqual(big);
      const hub = await client.callTool({ name: 'search_nodes', arguments: { query: 'hub' } });
      const page = graphOutput.parse(hub.structuredContent);
      expect(receivedBytes(hub)).toBeLessThanOrEqual(budget);
      expect(page.entities.map(entity => entity.name)).toEqual(['Hub']);
      expect(page.relations.length).toBeLessThan(spokes.length);
      expect(page.truncated).toBe(true);
      expect(page.nextCursor).toBeUndefined();
    }
  );
});

describe('cursors are keyset positions, scoped to their tool and arguments', () => {
  let location: TestLocation;
  let context: MemoryContext;
  let reader: { client: Client; close(): Promise<void> };
  let writer: { client: Client; close(): Promise<void> };

  beforeAll(async () => {
    location = await createTestLocation('sqlite');
    context = createMemoryContext(await location.open(), 'default');
    await context.store.createEntities(
      'default',
      Array.from({ length: 3000 }, (_, index) => ({
        name: `entity-${index}`,
        entityType: 'thing',
        observations: [`thing number ${index} ${'w'.repeat(40)}`]
      }))
    );
    for (const role of ['reader', 'writer'] as const) {
      const server = createMemoryServer(context, { maxOutputBytes: 32_768 });
      const connection = await connectInProcess(server, { era: 'modern', entry: 'stdio' });
      const handle = { client: connection.client, close: () => connection.close() };
      if (role === 'reader') reader = handle;
      else writer = handle;
    }
  });
  afterAll(async () => {
    await reader.close();
    await writer.close();
    await context.database.close();
    await location.cleanup();
  });

  it('walks read_graph once over every entity while another client deletes and changes entities', async () => {
    const seen: string[] = [];
    const deleted = new Set<string>();
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = graphOutput.parse(
        (
          await reader.client.callTool({
            name: 'read_graph',
            arguments: { mode: 'names', ...(cursor ? { cursor } : {}) }
          })
        ).structuredContent
      );
      seen.push(...page.entities.map(entity => entity.name));
      cursor = page.nextCursor;
      // Between pages, another client deletes entities on both sides of the cursor and changes others.
      const victims = [`entity-${round * 7}`, `entity-${2999 - round * 11}`];
      for (const victim of victims) deleted.add(victim);
      await writer.client.callTool({ name: 'delete_entities', arguments: { entityNames: victims } });
      await writer.client.callTool({
        name: 'add_observations',
        arguments: {
          observations: [{ entityName: `entity-${1500 + round}`, contents: [`changed in round ${round}`] }]
        }
      });
      round++;
    } while (cursor);
    expect(round).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    const kept = Array.from({ length: 3000 }, (_, index) => `entity-${index}`).filter(
      name => !deleted.has(name)
    );
    // Every entity that was never deleted is there, in creation order.
    expect(seen.filter(name => !deleted.has(name))).toEqual(kept);
  });

  it('walks a search once over every unchanged match while other entities change', async () => {
    const seen: string[] = [];
    const changed = new Set<string>();
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = graphOutput.parse(
        (
          await reader.client.callTool({
            name: 'search_nodes',
            arguments: { query: 'thing number', mode: 'names', limit: 100, ...(cursor ? { cursor } : {}) }
          })
        ).structuredContent
      );
      seen.push(...page.entities.map(entity => entity.name));
      cursor = page.nextCursor;
      const touched = `entity-${(round * 37) % 3000}`;
      changed.add(touched);
      await writer.client.callTool({
        name: 'add_observations',
        arguments: { observations: [{ entityName: touched, contents: [`touched ${round}`] }] }
      });
      round++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const existing = (await context.store.readGraph('default')).entities.map(entity => entity.name);
    expect(seen.filter(name => !changed.has(name)).sort()).toEqual(
      existing.filter(name => !changed.has(name)).sort()
    );
  });

  it('refuses a cursor of another tool, query, names list or namespace', async () => {
    const read = graphOutput.parse(
      (await reader.client.callTool({ name: 'read_graph', arguments: {} })).structuredContent
    );
    const search = graphOutput.parse(
      (await reader.client.callTool({ name: 'search_nodes', arguments: { query: 'thing', limit: 5 } }))
        .structuredContent
    );
    const opened = graphOutput.parse(
      (
        await reader.client.callTool({
          name: 'open_nodes',
          arguments: { names: Array.from({ length: 2000 }, (_, index) => `entity-${index}`) }
        })
      ).structuredContent
    );
    const refusals = [
      { name: 'open_nodes', arguments: { names: ['entity-1'], cursor: read.nextCursor } },
      { name: 'read_graph', arguments: { cursor: search.nextCursor } },
      { name: 'search_nodes', arguments: { query: 'other', cursor: search.nextCursor } },
      { name: 'open_nodes', arguments: { names: ['entity-1', 'entity-2'], cursor: opened.nextCursor } },
      { name: 'read_graph', arguments: { namespace: 'elsewhere', cursor: read.nextCursor } },
      { name: 'read_graph', arguments: { cursor: 'not a cursor' } }
    ];
    for (const refusal of refusals) {
      const result = await reader.client.callTool(refusal);
      expect(result.isError, JSON.stringify(refusal)).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/cursor/i);
    }
  });
});
