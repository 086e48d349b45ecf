import { randomUUID } from 'node:crypto';

import { connectInProcess } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import type { MemoryContext } from '../src/context.js';
import { createMemoryServer } from '../src/server.js';
import type { OpenDatabase } from '../src/store/database.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** Every kind of bad input is an isError result that says what to do, and changes nothing. */
describe.each(ENGINES)('bad input on %s', engine => {
  let location: TestLocation;
  let database: OpenDatabase;
  let context: MemoryContext;
  let client: Awaited<ReturnType<typeof connectInProcess>>['client'];
  let close: () => Promise<void>;

  beforeAll(async () => {
    location = await createTestLocation(engine);
    database = await location.open();
    context = createMemoryContext(database, `bad-${randomUUID().slice(0, 8)}`);
    const server = createMemoryServer(context);
    const connection = await connectInProcess(server, { era: 'modern', entry: 'stdio' });
    client = connection.client;
    close = async () => {
      await connection.close();
      await server.close();
      await location.cleanup();
    };
    await context.store.createEntities(context.namespace, [
      { name: 'Ada', entityType: 'person', observations: ['wrote notes'] },
      { name: 'Engine', entityType: 'machine', observations: [] }
    ]);
    await context.store.createRelations(context.namespace, [
      { from: 'Ada', to: 'Engine', relationType: 'programmed' }
    ]);
  });
  afterAll(() => close());

  const snapshot = () => context.store.readGraph(context.namespace);

  async function refused(name: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
    const before = await snapshot();
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }

  it('refuses observations for an unknown entity, adding none of the batch', async () => {
    await refused(
      'add_observations',
      {
        observations: [
          { entityName: 'Ada', contents: ['met Babbage'] },
          { entityName: 'Nobody', contents: ['x'] }
        ]
      },
      /Nobody.*create_entities|create_entities.*Nobody/
    );
  });

  it('refuses a relation to a missing entity, creating none of the batch', async () => {
    await refused(
      'create_relations',
      {
        relations: [
          { from: 'Engine', to: 'Ada', relationType: 'ran for' },
          { from: 'Ada', to: 'Ghost', relationType: 'knows' }
        ]
      },
      /Ghost/
    );
  });

  it('refuses an oversize observation with the limit, creating none of the batch', async () => {
    await refused(
      'create_entities',
      {
        entities: [
          { name: 'Babbage', entityType: 'person', observations: ['fine'] },
          { name: 'Long', entityType: 'note', observations: ['x'.repeat(100_001)] }
        ]
      },
      /100000 characters: split/
    );
    await refused(
      'add_observations',
      { observations: [{ entityName: 'Ada', contents: ['y'.repeat(100_001)] }] },
      /100000 characters: split/
    );
    await refused(
      'create_entities',
      { entities: [{ name: 'n'.repeat(1001), entityType: 'person', observations: [] }] },
      /1000 characters: keep names short/
    );
  });

  it('refuses a lone surrogate, which no engine can store faithfully, instead of corrupting it', async () => {
    // "\ud83d" is half of 😀: stored as UTF-8 it would become U+FFFD, and two such names one.
    await refused(
      'create_entities',
      { entities: [{ name: 'half \ud83d', entityType: 'person', observations: [] }] },
      /lone UTF-16 surrogate.*whole character/
    );
    await refused(
      'add_observations',
      { observations: [{ entityName: 'Ada', contents: ['fine', 'low \ude00 half'] }] },
      /lone UTF-16 surrogate/
    );
    await refused(
      'create_relations',
      { relations: [{ from: 'Ada', to: 'Engine', relationType: '\udfff' }] },
      /lone UTF-16 surrogate/
    );
    await refused('search_nodes', { query: 'x\ud800' }, /no lone surrogate/);
    // A whole astral character is fine.
    const result = await client.callTool({
      name: 'add_observations',
      arguments: { observations: [{ entityName: 'Ada', contents: ['smiles 😀'] }] }
    });
    expect(result.isError ?? false).toBe(false);
  });

  it('refuses a NUL character, which PostgreSQL cannot store, on both engines alike', async () => {
    await refused(
      'add_observations',
      { observations: [{ entityName: 'Ada', contents: ['fine', 'a\u0000b'] }] },
      /NUL character/
    );
    await refused(
      'create_entities',
      { entities: [{ name: 'Nul\u0000name', entityType: 'person', observations: [] }] },
      /NUL character/
    );
  });

  it('refuses a bad namespace with the rule it broke', async () => {
    for (const namespace of ['../etc', 'Has Space', '', 'x'.repeat(65)]) {
      await refused(
        'create_entities',
        { namespace, entities: [{ name: 'Stray', entityType: 't', observations: [] }] },
        /namespace/i
      );
    }
  });

  it('refuses renaming onto a taken name and merging a missing entity', async () => {
    await refused('rename_entity', { from: 'Ada', to: 'Engine' }, /Engine/);
    await refused('merge_entities', { into: 'Ada', sources: ['Ghost'] }, /Ghost/);
  });
});
