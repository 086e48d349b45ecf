// pnpm bench (HTTP throughput): tools/call of a trivial mcpkit echo tool over Streamable HTTP at
// 32 concurrent clients, in both protocol eras (a 2026-07-28 stateless request; a 2025 session,
// initialized once), against a raw node:http JSON echo on the same machine in the same run. The
// cases take turns round after round, so machine drift lands on all of them. Reports calls/s,
// the ratio to the raw echo (the goal is at least 0.2 for both eras) and a single client's p50.
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleBin } from '@mcpkit/bundle-bin';

import { POST_HEADERS, echoCall, modernEchoCall, startListening } from './http-requests.mjs';
import { median, timeConcurrent, timeSequential } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 2);
const SINGLE_CALLS = Number(process.env.BENCH_HTTP_SINGLE_CALLS ?? 500);
const CONCURRENCY = 32;
const GOAL = 0.2;

const trivial = await bundleBin({
  entry: join(here, 'servers', 'trivial-server.mjs'),
  outdir: join(here, 'results', 'bin')
});

// node:http with keep-alive, lighter than fetch: the client must not be what limits the raw echo.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs a body and resolves with { status, headers, text }. */
function post(url, headers, body) {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers, agent }, incoming => {
      const chunks = [];
      incoming.on('data', chunk => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({ headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') })
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** fetch's shape, over post. */
async function fetch(url, { headers, body }) {
  const { headers: received, text } = await post(url, headers, body);
  return { headers: { get: name => received[name] ?? null }, text: () => Promise.resolve(text) };
}
let id = 0;

/** Reads a response body, JSON or a one-event SSE stream, as the JSON-RPC message. */
async function messageOf(response) {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) return JSON.parse(text);
  const data = text
    .split('\n')
    .filter(line => line.startsWith('data:'))
    .map(line => line.slice(5).trim())
    .find(line => line.includes('"result"') || line.includes('"error"'));
  return JSON.parse(data);
}

function check(message) {
  if (message.result?.structuredContent?.text !== 'hello')
    throw new Error(`unexpected ${JSON.stringify(message)}`);
}

/** Sends one tools/call and checks its answer. */
const callOnce = async (url, { headers, body }) =>
  check(await messageOf(await fetch(url, { headers, body })));

const cases = {
  async raw() {
    const { child, url } = await startListening([join(here, 'servers', 'raw-http-echo.mjs')]);
    return { child, call: () => callOnce(url, { headers: POST_HEADERS, body: echoCall(++id) }) };
  },
  async modern() {
    const { child, url } = await startListening([trivial, '--transport', 'http', '--port', '0']);
    return { child, call: () => callOnce(url, modernEchoCall(++id)) };
  },
  async legacy() {
    const { child, url } = await startListening([trivial, '--transport', 'http', '--port', '0']);
    const opened = await fetch(url, {
      method: 'POST',
      headers: POST_HEADERS,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: ++id,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'mcpkit-bench', version: '0' }
        }
      })
    });
    const session = opened.headers.get('mcp-session-id');
    await messageOf(opened);
    const headers = { ...POST_HEADERS, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
    await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })
    });
    return { child, call: () => callOnce(url, { headers, body: echoCall(++id) }) };
  }
};

const running = {};
for (const [name, open] of Object.entries(cases)) {
  running[name] = await open();
  await running[name].call();
}
const throughput = Object.fromEntries(Object.keys(cases).map(name => [name, []]));
const single = Object.fromEntries(Object.keys(cases).map(name => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, { call }] of Object.entries(running)) {
    throughput[name].push(
      (await timeConcurrent(call, { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 })).perSecond
    );
    single[name].push((await timeSequential(call, { count: SINGLE_CALLS, warmup: 50 })).p50);
  }
}
for (const { child } of Object.values(running)) child.kill('SIGTERM');

const raw = median(throughput.raw);
const label = {
  raw: 'raw node:http JSON echo (the limit)',
  modern: 'mcpkit echo tool, 2026-07-28 stateless',
  legacy: 'mcpkit echo tool, 2025 session'
};
const lines = [
  `| HTTP tools/call, ${CONCURRENCY} clients (${ROUNDS} interleaved rounds of ${SECONDS} s) | calls/s | ratio to raw | goal | 1 client p50 ms |`,
  '| --- | ---: | ---: | ---: | ---: |'
];
for (const name of Object.keys(cases)) {
  const perSecond = median(throughput[name]);
  lines.push(
    `| ${label[name]} | ${perSecond.toFixed(0)} | ${(perSecond / raw).toFixed(3)} | ${name === 'raw' ? '' : `≥ ${GOAL}`} | ${median(single[name]).toFixed(3)} |`
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
