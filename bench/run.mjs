// pnpm bench: protocol overhead and cold start of a trivial mcpkit server, against the physical
// limit (a raw JSON-RPC echo over a pipe) and the official server-everything, in one run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleBin } from '@mcpkit/bundle-bin';

import { modernEchoCall, startListening } from './http-requests.mjs';
import { median, timeConcurrent, timeSequential } from './stats.mjs';
import { INITIALIZE_PARAMS, startStdio } from './stdio-driver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
// Bundled as every shipped bin is (see tooling/bundle-bin), so cold start measures what users run.
const trivial = await bundleBin({
  entry: join(here, 'servers', 'trivial-server.mjs'),
  outdir: join(here, 'results', 'bin')
});
const rawEcho = join(here, 'servers', 'raw-echo.mjs');
const bareSdk = join(here, 'servers', 'bare-sdk.mjs');
const everything = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js'
);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 300;
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 3);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 15);
const rows = [];
const record = row => {
  rows.push(row);
  console.error(`  ${row.case}: ${JSON.stringify(row)}`);
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Median, per field, of several rounds' results: one noisy round cannot decide the verdict. */
const medianOf = results => ({
  p50: median(results.map(result => result.p50)),
  p99: median(results.map(result => result.p99)),
  perSecond: median(results.map(result => result.perSecond))
});

async function rawEchoRound() {
  const raw = startStdio(node, [rawEcho]);
  const result = await timeSequential(() => raw.request('echo', { text: 'hello' }), {
    count: CALLS,
    warmup: WARMUP
  });
  await raw.stop();
  return result;
}

async function toolCallRound(script) {
  const server = startStdio(node, [script]);
  await server.request('initialize', INITIALIZE_PARAMS);
  server.notify('notifications/initialized');
  const call = () => server.request('tools/call', { name: 'echo', arguments: { text: 'hello' } });
  const first = await call();
  if (first.result?.structuredContent?.text !== 'hello')
    throw new Error(`unexpected result ${JSON.stringify(first)}`);
  const result = await timeSequential(call, { count: CALLS, warmup: WARMUP });
  await server.stop();
  return result;
}

async function stdioOverhead() {
  const raw = [];
  const sdk = [];
  const ours = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await rawEchoRound());
    sdk.push(await toolCallRound(bareSdk));
    ours.push(await toolCallRound(trivial));
  }
  record({ case: 'raw JSON-RPC echo, stdio', ...medianOf(raw) });
  record({ case: 'bare SDK echo tool (no mcpkit), stdio', ...medianOf(sdk) });
  record({ case: 'mcpkit echo tool, stdio', ...medianOf(ours) });
}

function startHttp() {
  return startListening([trivial, '--transport', 'http', '--port', '0']);
}

async function httpOverhead() {
  const { child, url } = await startHttp();
  let id = 0;
  const call = async () => {
    const response = await fetch(url, { method: 'POST', ...modernEchoCall(++id) });
    const body = await response.json();
    if (body.result?.structuredContent?.text !== 'hello')
      throw new Error(`unexpected ${response.status} ${JSON.stringify(body)}`);
  };
  await call();
  record({
    case: 'mcpkit echo tool, HTTP (2026-07-28), 1 client',
    concurrency: 1,
    ...(await timeSequential(call, { count: CALLS, warmup: WARMUP }))
  });
  record({
    case: 'mcpkit echo tool, HTTP (2026-07-28), 32 clients',
    concurrency: 32,
    ...(await timeConcurrent(call, { concurrency: 32, durationMs: HTTP_SECONDS * 1000 }))
  });
  child.kill('SIGTERM');
}

/** Time from spawn to the first response (initialize answered). */
async function coldStartOnce(args) {
  const started = performance.now();
  const server = startStdio(node, args);
  await server.request('initialize', INITIALIZE_PARAMS);
  const elapsed = performance.now() - started;
  await server.stop();
  return elapsed;
}

/** Cold starts of several servers, alternated so machine drift hits them all alike. */
async function coldStarts(servers) {
  const samples = servers.map(() => []);
  for (let index = 0; index < COLD_STARTS; index++) {
    for (const [position, server] of servers.entries())
      samples[position].push(await coldStartOnce(server.args));
  }
  for (const [position, server] of servers.entries()) {
    record({
      case: `cold start to first response: ${server.label}`,
      median: median(samples[position]),
      min: Math.min(...samples[position])
    });
  }
}

console.error(
  `mcpkit bench on Node ${process.version}: ${ROUNDS} rounds of ${CALLS} sequential calls, ${HTTP_SECONDS}s concurrent HTTP, ${COLD_STARTS} cold starts`
);
await stdioOverhead();
await httpOverhead();
await coldStarts([
  { label: 'mcpkit trivial server', args: [trivial] },
  { label: '@modelcontextprotocol/server-everything 2026.8.31', args: [everything, 'stdio'] }
]);

const format = value => (value === undefined ? '' : value >= 100 ? value.toFixed(0) : value.toFixed(3));
const lines = [
  '| case | p50 ms | p99 ms | calls/s | cold start median ms |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    row =>
      `| ${row.case} | ${format(row.p50)} | ${format(row.p99)} | ${format(row.perSecond)} | ${format(row.median)} |`
  )
];
const raw = rows.find(row => row.case.startsWith('raw'));
const stdio = rows.find(row => row.case === 'mcpkit echo tool, stdio');
const ours = rows.find(row => row.case.includes('mcpkit trivial server'));
const theirs = rows.find(row => row.case.includes('server-everything'));
const sdk = rows.find(row => row.case.startsWith('bare SDK'));
const verdicts = {
  stdioOverheadRatio: stdio.p50 / raw.p50,
  sdkOverheadRatio: sdk.p50 / raw.p50,
  mcpkitOverSdkRatio: stdio.p50 / sdk.p50,
  coldStartRatio: ours.median / theirs.median
};
lines.push(
  '',
  `stdio per-call p50: mcpkit ${format(stdio.p50)} ms vs raw echo ${format(raw.p50)} ms = ${verdicts.stdioOverheadRatio.toFixed(2)}× (goal ≤ 2×)`,
  `  of which the SDK alone: ${format(sdk.p50)} ms = ${verdicts.sdkOverheadRatio.toFixed(2)}× raw; mcpkit's layer adds ${verdicts.mcpkitOverSdkRatio.toFixed(2)}× over the bare SDK`,
  `cold start: mcpkit ${format(ours.median)} ms vs server-everything ${format(theirs.median)} ms = ${verdicts.coldStartRatio.toFixed(2)}× (goal ≤ 1×)`
);
console.log(lines.join('\n'));
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `protocol-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ node: process.version, calls: CALLS, rows, verdicts }, null, 2));
console.log(`\nJSON: ${file}`);
