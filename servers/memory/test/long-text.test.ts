import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { connectInProcess } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryContext } from '../src/context.js';
import type { MemoryContext } from '../src/context.js';
import { importMemoryFile } from '../src/import-file.js';
import { createMemoryServer } from '../src/server.js';
import { LIMITS } from '../src/store/limits.js';
import { graphOutput } from '../src/tools/schemas.js';
import { addObservationsTool } from '../src/tools/add-observations.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';

/** Text that does not compress (PostgreSQL's B-tree compresses before it refuses a row over 2,704 bytes). */
const varied = (characters: number) => randomBytes(characters).toString('base64').slice(0, characters);

describe.each(ENGINES)('everything the limits accept is stored, on %s', engine => {
  let location: TestLocation;
  let context: MemoryContext;
  let client: Awaited<ReturnType<typeof connectInProcess>>['client'];
  let close: () => Promise<void>;

  beforeAll(async () => {
    location = await createTestLocation(engine);
    context = createMemoryContext(await location.open(), 'long');
    const connection = await connectInProcess(createMemoryServer(context), { era: 'modern', entry: 'stdio' });
    client = connection.client;
    close = connection.close;
  });
  afterAll(async () => {
    await close();
    await location.cleanup();
  });

  it('keeps the longest name, type and observation, in four-byte characters and in varied text', async () => {
    const name = '😀'.repeat(LIMITS.nameChars / 2);
    const observations = [varied(LIMITS.observationChars), varied(3000), '漢字'.repeat(20_000)];
    const created = await client.callTool({
      name: 'create_entities',
      arguments: { entities: [{ name, entityType: 'ü'.repeat(LIMITS.typeChars), observations }] }
    });
    expect(created.isError ?? false, JSON.stringify(created.content).slice(0, 300)).toBe(false);
    const added = await client.callTool({
      name: 'add_observations',
      arguments: { observations: [{ entityName: name, contents: [varied(50_000), observations[1]] }] }
    });
    expect(
      addObservationsTool.output.parse(added.structuredContent).results[0]?.addedObservations
    ).toHaveLength(1);
    const graph = await context.store.readGraph('long');
    expect(graph.entities[0]?.name).toBe(name);
    expect(graph.entities[0]?.observations.slice(0, 3)).toEqual(observations);
    // And it can be addressed by every tool that names it.
    await client.callTool({
      name: 'create_entities',
      arguments: { entities: [{ name: 'other', entityType: 't', observations: [] }] }
    });
    const related = await client.callTool({
      name: 'create_relations',
      arguments: { relations: [{ from: name, to: 'other', relationType: varied(LIMITS.typeChars) }] }
    });
    expect(related.isError ?? false).toBe(false);
    const deleted = await client.callTool({ name: 'delete_entities', arguments: { entityNames: [name] } });
    expect(deleted.isError ?? false).toBe(false);
    expect((await context.store.readGraph('long')).entities.map(entity => entity.name)).toEqual(['other']);
  });

  it('imports an official file with long varied text and names at the limit, all of which the tools then address', async () => {
    const file = join(location.directory, 'long.jsonl');
    const name = 'ñ'.repeat(LIMITS.nameChars);
    await writeFile(
      file,
      [
        JSON.stringify({ type: 'entity', name, entityType: 'limit', observations: [varied(60_000)] }),
        JSON.stringify({ type: 'entity', name: `${name}x`, entityType: 'over', observations: [] }),
        JSON.stringify({
          type: 'entity',
          name: 'surrogate',
          entityType: 't',
          observations: ['kept', 'cut \ud83d']
        })
      ].join('\n')
    );
    const report = await importMemoryFile(context.store, { file, namespace: 'imported' });
    expect(report).toMatchObject({ outcome: 'imported', entities: 2 });
    expect(report.problems.map(problem => problem.line)).toEqual([2, 3]);
    const opened = await client.callTool({
      name: 'open_nodes',
      arguments: { namespace: 'imported', names: [name, 'surrogate'] }
    });
    expect(
      graphOutput.parse(opened.structuredContent).entities.map(entity => entity.observations?.length)
    ).toEqual([1, 1]);
    const renamed = await client.callTool({
      name: 'rename_entity',
      arguments: { namespace: 'imported', from: name, to: 'short' }
    });
    expect(renamed.isError ?? false).toBe(false);
  });
});
