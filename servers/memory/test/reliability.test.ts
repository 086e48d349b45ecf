import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GraphStore } from '../src/store/graph-store.js';
import type { KnowledgeGraph } from '../src/store/graph.js';
import { createEntitiesTool } from '../src/tools/create-entities.js';
import { addObservationsTool } from '../src/tools/add-observations.js';
import { ENGINES, createTestLocation } from './engines.js';
import type { TestLocation } from './engines.js';
import { startRaw } from './stdio-driver.js';
import type { RawServer } from './stdio-driver.js';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');
const CALLS = 200;

type Reply = Awaited<ReturnType<RawServer['call']>>;

const text = (reply: Reply) => JSON.stringify((reply as { content?: unknown }).content ?? '');
const ok = (reply: Reply) => reply.isError !== true;
/** A refusal that says what happened, as opposed to an internal error. */
const refusedClearly = (reply: Reply) => reply.isError === true && /No entity named/.test(text(reply));

describe.each(ENGINES)('reliability on %s', engine => {
  let location: TestLocation;
  beforeAll(async () => {
    location = await createTestLocation(engine);
  });
  afterAll(() => location.cleanup());

  const start = (namespace: string) =>
    startRaw({ args: [BIN, '--database-url', location.url, '--namespace', namespace] });

  async function graphOf(namespace: string): Promise<KnowledgeGraph> {
    const database = await location.open();
    try {
      return await new GraphStore(database).readGraph(namespace);
    } finally {
      await database.close();
    }
  }

  it(`two processes writing ${CALLS} calls each at the same time lose nothing`, async () => {
    const namespace = 'race';
    const [left, right] = await Promise.all([start(namespace), start(namespace)]);
    try {
      await left.call('create_entities', {
        entities: [{ name: 'shared', entityType: 'hub', observations: [] }]
      });
      const burst = (server: RawServer, side: string) =>
        Promise.all(
          Array.from({ length: CALLS }, async (_, index) => {
            const name = `${side}-${index}`;
            const created = await server.call('create_entities', {
              entities: [{ name, entityType: side, observations: [`${name} exists`] }]
            });
            expect(ok(created), text(created)).toBe(true);
            const added = await server.call('add_observations', {
              observations: [{ entityName: 'shared', contents: [`seen by ${name}`] }]
            });
            expect(ok(added), text(added)).toBe(true);
          })
        );
      await Promise.all([burst(left, 'left'), burst(right, 'right')]);
    } finally {
      await Promise.all([left.stop(), right.stop()]);
    }
    const graph = await graphOf(namespace);
    expect(graph.entities).toHaveLength(2 * CALLS + 1);
    expect(graph.entities.find(entity => entity.name === 'shared')?.observations).toHaveLength(2 * CALLS);
  });

  it('a process killed with SIGKILL mid-burst leaves a store that opens with every acknowledged write', async () => {
    const namespace = 'crash';
    const server = await start(namespace);
    const acknowledged: string[] = [];
    const writes = Array.from({ length: 400 }, async (_, index) => {
      const name = `entity-${index}`;
      try {
        const result = await server.call('create_entities', {
          entities: [{ name, entityType: 'burst', observations: ['a', 'b'] }]
        });
        if (ok(result)) acknowledged.push(name);
      } catch {
        // In flight when the process died: not acknowledged, so it may or may not be there.
      }
    });
    // Let part of the burst commit, then kill the process without warning.
    while (acknowledged.length < 50) await new Promise(resolve => setTimeout(resolve, 5));
    server.child.kill('SIGKILL');
    await Promise.all(writes);
    if (engine === 'sqlite') {
      const raw = new BetterSqlite3(location.url);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
    }
    const present = new Map((await graphOf(namespace)).entities.map(entity => [entity.name, entity]));
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
    for (const name of acknowledged) expect(present.get(name)?.observations).toEqual(['a', 'b']);
  });

  it('four processes creating the same entities, observations and relations: each once, no internal error', async () => {
    const namespace = 'same-keys';
    const servers = await Promise.all(Array.from({ length: 4 }, () => start(namespace)));
    const names = Array.from({ length: 40 }, (_, index) => `same-${index}`);
    const created = new Map<string, number>();
    const added = new Map<string, number>();
    try {
      await Promise.all(
        servers.map(async server => {
          for (let round = 0; round < 10; round++) {
            const batch = names.slice(round * 4, round * 4 + 4);
            const replies = await Promise.all([
              server.call('create_entities', {
                entities: batch.map(name => ({ name, entityType: 'same', observations: ['first'] }))
              }),
              server.call('create_entities', {
                entities: [{ name: 'hub', entityType: 'same', observations: [] }]
              })
            ]);
            for (const reply of replies) {
              expect(ok(reply), text(reply)).toBe(true);
              for (const entity of createEntitiesTool.output.parse(reply.structuredContent).entities) {
                created.set(entity.name, (created.get(entity.name) ?? 0) + 1);
              }
            }
            const observed = await server.call('add_observations', {
              observations: batch.map(name => ({
                entityName: name,
                contents: ['first', 'second', `round ${round}`]
              }))
            });
            expect(ok(observed), text(observed)).toBe(true);
            for (const result of addObservationsTool.output.parse(observed.structuredContent).results) {
              for (const observation of result.addedObservations) {
                const key = `${result.entityName}/${observation}`;
                added.set(key, (added.get(key) ?? 0) + 1);
              }
            }
            const related = await server.call('create_relations', {
              relations: batch.map(name => ({ from: name, to: 'hub', relationType: 'points at' }))
            });
            expect(ok(related), text(related)).toBe(true);
          }
        })
      );
    } finally {
      await Promise.all(servers.map(server => server.stop()));
    }
    // Each name was created by exactly one process and reported skipped by the others.
    expect([...created.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(created.size).toBe(names.length + 1);
    expect([...added.values()].every(count => count === 1)).toBe(true);
    const graph = await graphOf(namespace);
    expect(graph.entities).toHaveLength(names.length + 1);
    for (const entity of graph.entities.filter(item => item.name !== 'hub')) {
      expect(new Set(entity.observations).size).toBe(entity.observations.length);
      expect(entity.observations.slice(0, 2).sort()).toEqual(['first', 'second']);
    }
    expect(graph.relations).toHaveLength(names.length);
  });

  it('merges, renames and deletes racing writes from other processes: every acknowledged write is kept or refused clearly', async () => {
    const namespace = 'merge-race';
    const [changer, ...writers] = (await Promise.all(Array.from({ length: 3 }, () => start(namespace)))) as [
      RawServer,
      ...RawServer[]
    ];
    const rounds = 6;
    const acknowledged = {
      observations: new Map<number, string[]>(),
      relations: new Map<number, string[]>()
    };
    const refused = new Map<number, number>();
    const unclear: string[] = [];
    try {
      for (let round = 0; round < rounds; round++) {
        const kind = (['merge', 'rename', 'delete'] as const)[round % 3];
        const source = `S${round}`;
        const target = `T${round}`;
        await changer.call('create_entities', {
          entities: [source, target, `X${round}`].map(name => ({
            name,
            entityType: 'racer',
            observations: []
          }))
        });
        acknowledged.observations.set(round, []);
        acknowledged.relations.set(round, []);
        const writes = writers.flatMap((writer, side) =>
          Array.from({ length: 60 }, async (_, index) => {
            const observation = `written by ${side} as ${index}`;
            const reply =
              index % 3 === 0
                ? await writer.call('create_relations', {
                    relations: [{ from: `X${round}`, to: source, relationType: observation }]
                  })
                : await writer.call('add_observations', {
                    observations: [{ entityName: source, contents: [observation] }]
                  });
            if (ok(reply))
              acknowledged[index % 3 === 0 ? 'relations' : 'observations'].get(round)?.push(observation);
            else if (refusedClearly(reply)) refused.set(round, (refused.get(round) ?? 0) + 1);
            else unclear.push(text(reply));
          })
        );
        // The change lands in the middle of the writes: after some were acknowledged, before the rest.
        const change = (async () => {
          const count = () =>
            (acknowledged.observations.get(round)?.length ?? 0) +
            (acknowledged.relations.get(round)?.length ?? 0);
          while (count() < 15) await new Promise(resolve => setTimeout(resolve, 1));
          const reply =
            kind === 'merge'
              ? await changer.call('merge_entities', { into: target, sources: [source] })
              : kind === 'rename'
                ? await changer.call('rename_entity', { from: source, to: `${source}-renamed` })
                : await changer.call('delete_entities', { entityNames: [source] });
          expect(ok(reply), text(reply)).toBe(true);
        })();
        await Promise.all([...writes, change]);
        // Writes sent after the change: every one must be refused, saying the entity is not there.
        await Promise.all(
          writers.map(async writer => {
            for (let index = 0; index < 5; index++) {
              const reply = await writer.call('add_observations', {
                observations: [{ entityName: source, contents: [`after the change ${index}`] }]
              });
              if (refusedClearly(reply)) refused.set(round, (refused.get(round) ?? 0) + 1);
              else unclear.push(`not refused after the change: ${text(reply)}`);
            }
          })
        );
      }
    } finally {
      await Promise.all([changer.stop(), ...writers.map(writer => writer.stop())]);
    }
    expect(unclear).toEqual([]);
    const graph = await graphOf(namespace);
    const entity = (name: string) => graph.entities.find(item => item.name === name);
    for (let round = 0; round < rounds; round++) {
      const kind = (['merge', 'rename', 'delete'] as const)[round % 3];
      const observations = acknowledged.observations.get(round) ?? [];
      const relations = acknowledged.relations.get(round) ?? [];
      if (kind === 'delete') {
        // Deleted, with everything acknowledged before: nothing of it may remain, nothing dangles.
        expect(entity(`S${round}`)).toBeUndefined();
        expect(graph.relations.filter(relation => relation.to === `S${round}`)).toEqual([]);
        continue;
      }
      const kept = kind === 'merge' ? `T${round}` : `S${round}-renamed`;
      expect(entity(`S${round}`)).toBeUndefined();
      expect(new Set(entity(kept)?.observations)).toEqual(new Set(observations));
      expect(
        new Set(
          graph.relations
            .filter(relation => relation.from === `X${round}` && relation.to === kept)
            .map(relation => relation.relationType)
        )
      ).toEqual(new Set(relations));
    }
    // Writes raced each change on both sides of it, or a round tested nothing.
    for (let round = 0; round < rounds; round++) {
      const written =
        (acknowledged.observations.get(round)?.length ?? 0) +
        (acknowledged.relations.get(round)?.length ?? 0);
      expect(written).toBeGreaterThanOrEqual(15);
      expect(refused.get(round) ?? 0).toBeGreaterThan(0);
    }
  }, 60_000);
});
