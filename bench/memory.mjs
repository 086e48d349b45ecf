// pnpm bench (memory part): @mcpkit/server-memory (SQLite) side by side with the official
// @modelcontextprotocol/server-memory (one JSONL file) at growing graph sizes, calls interleaved.
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

async function seed(target, from, to) {
  for (let index = from; index < to; index += 5000) {
    await target.call('create_entities', {
      entities: Array.from({ length: Math.min(5000, to - index) }, (_, offset) => entity(index + offset))
    });
  }
}

async function time(targets, count, makeCall) {
  const samples = targets.map(() => []);
  for (let round = 0; round < count; round++) {
    for (const [position, target] of targets.entries()) {
      const started = performance.now();
      await makeCall(target, round);
      samples[position].push(performance.now() - started);
    }
  }
  return samples.map(values =>
    percentile(
      values.sort((a, b) => a - b),
      0.5
    )
  );
}

async function measure(targets, size) {
  const rows = {};
  let counter = 0;
  rows.add_observations = await time(targets, REPEAT, (target, round) =>
    target.call('add_observations', {
      observations: [{ entityName: `entity-${(round * 7919) % size}`, contents: [`new ${counter++}`] }]
    })
  );
  rows.search_nodes = await time(targets, Math.max(5, REPEAT / 3), (target, round) =>
    target.call('search_nodes', { query: `fact ${(round * 104729) % size} alpha` })
  );
  rows.open_nodes = await time(targets, REPEAT, (target, round) =>
    target.call('open_nodes', { names: [`entity-${(round * 31) % size}`, `entity-${(round * 37) % size}`] })
  );
  rows['create_entities ×500'] = await time(targets, 5, (target, round) =>
    target.call('create_entities', {
      entities: Array.from({ length: 500 }, (_, offset) => entity(10_000_000 + round * 1000 + offset + size))
    })
  );
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
