// pnpm bench (memory at scale): @mcpkit/server-memory on SQLite and on PostgreSQL with a realistic
// 100,000-entity graph: search latency for common and rare queries (p50/p99), read from the index in
// memory (once a freshly started server reports it ready) and from the database alone
// (--search-memory-mb 0), how long the index takes to load, a full read_graph walk, and
// add_observations to an entity holding 5 MB. The official server is left out here: at
// this size each of its calls rereads and rewrites a ~20 MB file (see bench/memory.mjs for the
// side-by-side figures up to 20k entities).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { startServer } from './harness.mjs';
import { percentile } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const OURS = join(here, '../servers/memory/dist/bin/cli.js');
const SIZE = Number(process.env.BENCH_MEMORY_SCALE ?? 100_000);
// Searches per query: 500 from the index, so p99 is the fifth-slowest (steadier than one pause);
// 50 from the database alone, whose slow queries would take minutes.
const REPEAT = Number(process.env.BENCH_MEMORY_SEARCH_REPEAT ?? 500);
const DATABASE_REPEAT = Number(process.env.BENCH_MEMORY_DATABASE_REPEAT ?? 50);
const POSTGRES = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The common-word queries first, then names, phrases, rare and short ones. */
const QUERIES = [
  'project',
  'person',
  'works on',
  'e',
  'alice',
  'alice smith',
  'berlin jazz',
  'quarterly report',
  'fact 4242',
  'kubernetes',
  'zq',
  'xyzzy'
];

// A deterministic graph with the skew of real ones: common types and verbs, a few hundred first
// and last names, topics shared by thousands of entities, and ids that make every name unique.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = items => items[Math.floor(random() * items.length)];
const FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'Dave',
  'Erin',
  'Frank',
  'Grace',
  'Heidi',
  'Ivan',
  'Judy',
  'Mallory',
  'Niaj',
  'Olivia',
  'Peggy',
  'Rupert',
  'Sybil',
  'Trent',
  'Victor',
  'Walter',
  'Zoe'
];
const LAST = [
  'Smith',
  'Jones',
  'Brown',
  'Taylor',
  'Wilson',
  'Davies',
  'Evans',
  'Thomas',
  'Johnson',
  'Roberts',
  'Walker',
  'Wright'
];
const TYPES = ['person', 'project', 'organization', 'place', 'event', 'tool', 'document', 'concept'];
const VERBS = [
  'works on',
  'lives in',
  'prefers',
  'knows',
  'manages',
  'wrote',
  'uses',
  'visited',
  'likes',
  'owns'
];
const TOPICS = [
  'the billing project',
  'Berlin',
  'dark mode',
  'TypeScript',
  'the onboarding docs',
  'coffee',
  'the search service',
  'Kubernetes',
  'jazz',
  'a red bicycle',
  'project Apollo',
  'the quarterly report'
];

function entity(index) {
  const type = pick(TYPES);
  const name =
    type === 'person'
      ? `${pick(FIRST)} ${pick(LAST)} ${index}`
      : type === 'project'
        ? `Project ${pick(TOPICS)} ${index}`
        : `${type} ${index}`;
  return {
    name,
    entityType: type,
    observations: [0, 1].map(part => `${pick(FIRST)} ${pick(VERBS)} ${pick(TOPICS)} (fact ${index}.${part})`)
  };
}

async function start(databaseUrl, extra = []) {
  const server = await startServer(process.execPath, [OURS, '--database-url', databaseUrl, ...extra]);
  return { server, call: server.call };
}

async function timed(count, call) {
  for (let round = 0; round < 5; round++) await call(round);
  const samples = [];
  for (let round = 0; round < count; round++) {
    const started = performance.now();
    await call(round);
    samples.push(performance.now() - started);
  }
  samples.sort((left, right) => left - right);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** Polls graph_stats until the server's search reads its index in memory; the milliseconds it took. */
async function untilIndexed(call) {
  const started = performance.now();
  for (;;) {
    const stats = await call('graph_stats', {});
    if (stats.structuredContent.searchIndex === 'memory') return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error('the search index was not ready in 2 minutes');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * p50 and p99 per query, the queries taken in turn round after round: a pause of the machine's
 * (another process, a collection) lands on whichever queries run then, so taking them in turn
 * spreads it over all of them instead of over one query's samples.
 */
async function searches(call, repeat) {
  const samples = Object.fromEntries(QUERIES.map(query => [query, []]));
  for (const query of QUERIES) for (let round = 0; round < 5; round++) await call('search_nodes', { query });
  for (let round = 0; round < repeat; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await call('search_nodes', { query });
      samples[query].push(performance.now() - started);
    }
  }
  const rows = {};
  for (const query of QUERIES) {
    const sorted = samples[query].sort((left, right) => left - right);
    rows[query] = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  }
  return rows;
}

async function measure(engine, databaseUrl) {
  const seeder = await start(databaseUrl);
  const started = performance.now();
  for (let index = 0; index < SIZE; index += 2000) {
    await seeder.call('create_entities', {
      entities: Array.from({ length: Math.min(2000, SIZE - index) }, (_, offset) => entity(index + offset))
    });
  }
  const seeded = performance.now() - started;
  await seeder.server.stop();
  // PostgreSQL plans by statistics; autovacuum gathers them within a minute of a load this size.
  // Gather them now rather than time the minute before.
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('analyze');
    await client.end();
  }
  // The database alone, then a server started on the store as a user's would be, once its index is in.
  const direct = await start(databaseUrl, ['--search-memory-mb', '0']);
  const database = await searches(direct.call, DATABASE_REPEAT);
  await direct.server.stop();
  const { server, call } = await start(databaseUrl);
  const loadMs = await untilIndexed(call);
  // One untimed round of every query first: the collections that follow a 100k load are over.
  for (const query of QUERIES) for (let round = 0; round < 5; round++) await call('search_nodes', { query });
  const rows = await searches(call, REPEAT);
  // A full walk, page by page, in the official shape (every observation).
  const walkStarted = performance.now();
  let pages = 0;
  let cursor;
  do {
    const result = await call('read_graph', cursor === undefined ? {} : { cursor });
    cursor = result.structuredContent.nextCursor;
    pages++;
  } while (cursor !== undefined);
  const walk = { ms: performance.now() - walkStarted, pages };
  // An entity holding 5 MB of observations, and one more.
  await call('create_entities', {
    entities: [
      {
        name: 'Heavy',
        entityType: 'notes',
        observations: Array.from({ length: 5000 }, (_, index) => `${index} ${'varied text '.repeat(84)}`)
      }
    ]
  });
  let counter = 0;
  const heavy = await timed(30, () =>
    call('add_observations', { observations: [{ entityName: 'Heavy', contents: [`more ${counter++}`] }] })
  );
  await server.stop();
  console.error(`measured ${engine}: seeded ${SIZE} in ${(seeded / 1000).toFixed(1)} s`);
  return { rows, database, loadMs, walk, heavy };
}

const directory = await mkdtemp(join(tmpdir(), 'mcpkit-memory-scale-'));
const admin = new pg.Client({ connectionString: POSTGRES });
await admin.connect();
const name = `mcpkit_bench_${randomBytes(4).toString('hex')}`;
await admin.query(`create database ${name}`);
const postgresUrl = new URL(POSTGRES);
postgresUrl.pathname = `/${name}`;
let sqlite;
let postgres;
try {
  sqlite = await measure('sqlite', join(directory, 'scale.db'));
  postgres = await measure('postgres', postgresUrl.toString());
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await rm(directory, { recursive: true, force: true });
}
const lines = [
  `| search_nodes at ${SIZE / 1000}k entities | SQLite p50 ms | SQLite p99 ms | PostgreSQL p50 ms | PostgreSQL p99 ms | database only: SQLite p99 | PostgreSQL p99 |`,
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'
];
for (const query of QUERIES) {
  const [left, right] = [sqlite.rows[query], postgres.rows[query]];
  lines.push(
    `| \`${query}\` | ${left.p50.toFixed(2)} | ${left.p99.toFixed(2)} | ${right.p50.toFixed(2)} | ${right.p99.toFixed(2)} | ${sqlite.database[query].p99.toFixed(2)} | ${postgres.database[query].p99.toFixed(2)} |`
  );
}
lines.push(
  `| the index in memory ready after start | ${(sqlite.loadMs / 1000).toFixed(2)} s | | ${(postgres.loadMs / 1000).toFixed(2)} s | | | |`,
  `| read_graph, a full walk (pages) | ${(sqlite.walk.ms / 1000).toFixed(2)} s (${sqlite.walk.pages}) | | ${(postgres.walk.ms / 1000).toFixed(2)} s (${postgres.walk.pages}) | | | |`,
  `| add_observations to a 5 MB entity | ${sqlite.heavy.p50.toFixed(2)} | ${sqlite.heavy.p99.toFixed(2)} | ${postgres.heavy.p50.toFixed(2)} | ${postgres.heavy.p99.toFixed(2)} | | |`
);
process.stdout.write(`${lines.join('\n')}\n`);
