// pnpm bench (memory part): @mcpkit/server-memory (SQLite) side by side with the official
// @modelcontextprotocol/server-memory (one JSONL file) at growing graph sizes.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { INITIALIZE_PARAMS, startStdio } from './stdio-driver.mjs';
import { percentile } from './stats.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const OFFICIAL = join(
  dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')),
  'dist/index.js'
);
const OURS = join(here, '../servers/memory/dist/bin/cli.js');
const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '1000,5000,20000').split(',').map(Number);
const OURS_ONLY = Number(process.env.BENCH_MEMORY_LARGE ?? 100000);
const REPEAT = Number(process.env.BENCH_MEMORY_REPEAT ?? 30);
const CREATE_REPEAT = Number(process.env.BENCH_MEMORY_CREATE_REPEAT ?? 15);
const WARMUP = 3;

async function start(label, args, env) {
  const server = startStdio(process.execPath, args, env);
  await server.request('initialize', INITIALIZE_PARAMS);
  server.notify('notifications/initialized', {});
  const call = async (name, input) => {
    const response = await server.request('tools/call', { name, arguments: input });
    if (response.error || response.result?.isError)
      throw new Error(`${label} ${name}: ${JSON.stringify(response).slice(0, 300)}`);
    return response.result;
  };
  return { label, server, call };
}

const entity = index => ({
  name: `entity-${index}`,
  entityType: `type-${index % 10}`,
  observations: [`fact ${index} alpha`, `fact ${index} beta`]
});

/**
 * Ours re-reads its search index in the background after a bulk write like the seeding (about 2 s
 * at 100k; search reads the database meanwhile): it is timed once the index is back in memory.
 */
async function untilIndexed(ours) {
  await ours.call('search_nodes', { query: 'alpha' });
  for (
    let tries = 0;
    (await ours.call('graph_stats', {})).structuredContent.searchIndex !== 'memory';
    tries++
  ) {
    if (tries > 2000) throw new Error('the search index was not back in memory after 40 s');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

async function seed(target, from, to) {
  for (let index = from; index < to; index += 5000) {
    await target.call('create_entities', {
      entities: Array.from({ length: Math.min(5000, to - index) }, (_, offset) => entity(index + offset))
    });
  }
}

/**
 * Times each server's calls in its own block, back to back. Interleaved calls let one server's
 * background work (the official server's garbage collection after parsing its whole file, say)
 * run inside the other's measurement on a 2-core machine.
 */
async function time(targets, { count, call: makeCall, cleanUp = async () => {} }) {
  const medians = [];
  for (const target of targets) {
    // Untimed warm-up calls first (rounds past the timed ones), so neither is measured cold.
    for (let round = count; round < count + WARMUP; round++) {
      await makeCall(target, round);
      await cleanUp(target, round);
    }
    const samples = [];
    for (let round = 0; round < count; round++) {
      const started = performance.now();
      await makeCall(target, round);
      samples.push(performance.now() - started);
      await cleanUp(target, round);
    }
    medians.push(
      percentile(
        samples.sort((a, b) => a - b),
        0.5
      )
    );
  }
  return medians;
}

async function measure(targets, size) {
  const rows = {};
  let counter = 0;
  rows.add_observations = await time(targets, {
    count: REPEAT,
    call: (target, round) =>
      target.call('add_observations', {
        observations: [{ entityName: `entity-${(round * 7919) % size}`, contents: [`new ${counter++}`] }]
      })
  });
  rows.search_nodes = await time(targets, {
    count: REPEAT,
    call: (target, round) => target.call('search_nodes', { query: `fact ${(round * 104729) % size} alpha` })
  });
  rows.open_nodes = await time(targets, {
    count: REPEAT,
    call: (target, round) =>
      target.call('open_nodes', { names: [`entity-${(round * 31) % size}`, `entity-${(round * 37) % size}`] })
  });
  // Each batch is deleted again (untimed), so every timed batch lands on a graph of the same size.
  const batch = round =>
    Array.from({ length: 500 }, (_, offset) => entity(10_000_000 + round * 1000 + offset + size));
  rows['create_entities ×500'] = await time(targets, {
    count: CREATE_REPEAT,
    call: (target, round) => target.call('create_entities', { entities: batch(round) }),
    cleanUp: (target, round) =>
      target.call('delete_entities', { entityNames: batch(round).map(item => item.name) })
  });
  return rows;
}

const directory = await mkdtemp(join(tmpdir(), 'mcpkit-memory-bench-'));
const lines = [
  '| graph | operation | official p50 ms | mcpkit p50 ms | official / mcpkit |',
  '| ---: | --- | ---: | ---: | ---: |'
];
const ours1k = {};
for (const size of SIZES) {
  const official = await start('official', [OFFICIAL], {
    ...process.env,
    MEMORY_FILE_PATH: join(directory, `official-${size}.jsonl`)
  });
  const ours = await start('mcpkit', [OURS, '--database-url', join(directory, `ours-${size}.db`)]);
  await seed(official, 0, size);
  await seed(ours, 0, size);
  await untilIndexed(ours);
  const rows = await measure([official, ours], size);
  for (const [operation, [theirs, mine]] of Object.entries(rows)) {
    if (size === SIZES[0]) ours1k[operation] = mine;
    lines.push(
      `| ${size} | ${operation} | ${theirs.toFixed(2)} | ${mine.toFixed(2)} | ${(theirs / mine).toFixed(1)}× |`
    );
  }
  await official.server.stop();
  await ours.server.stop();
  console.error(`measured ${size}`);
}
if (OURS_ONLY > 0) {
  const ours = await start('mcpkit', [OURS, '--database-url', join(directory, 'ours-large.db')]);
  await seed(ours, 0, OURS_ONLY);
  await untilIndexed(ours);
  const rows = await measure([ours], OURS_ONLY);
  for (const [operation, [mine]] of Object.entries(rows)) {
    lines.push(
      `| ${OURS_ONLY} | ${operation} | – | ${mine.toFixed(2)} | ${(mine / ours1k[operation]).toFixed(2)}× of mcpkit at ${SIZES[0]} |`
    );
  }
  await ours.server.stop();
}
await rm(directory, { recursive: true, force: true });
process.stdout.write(`${lines.join('\n')}\n`);
