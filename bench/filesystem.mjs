// pnpm bench (filesystem part): @mcpkit/server-filesystem side by side with the official
// @modelcontextprotocol/server-filesystem, both spawned over stdio on the same generated tree of
// 20,000 files, calls interleaved so machine drift hits both alike.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { INITIALIZE_PARAMS, startStdio } from './stdio-driver.mjs';
import { percentile } from './stats.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const OFFICIAL = join(
  dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')),
  'dist/index.js'
);
const OURS = join(here, '../servers/filesystem/dist/bin/cli.js');

const TOP = 20;
const MIDDLE = 20;
const FILES = 50;
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 10);
const READS = Number(process.env.BENCH_READS ?? 500);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 7);

/** 20 × 20 × 50 = 20,000 small text files; one in a hundred mentions the needle. */
async function generateTree() {
  const root = await mkdtemp(join(tmpdir(), 'mcpkit-fs-bench-'));
  let count = 0;
  for (let top = 0; top < TOP; top++) {
    for (let middle = 0; middle < MIDDLE; middle++) {
      const directory = join(root, `pkg-${top}`, `mod-${middle}`);
      await mkdir(directory, { recursive: true });
      await Promise.all(
        Array.from({ length: FILES }, (_, index) => {
          count++;
          const body = Array.from(
            { length: 8 },
            (_, line) => `line ${line} of file ${count} in ${directory}`
          );
          if (count % 100 === 0) body.push('the needle is here');
          return writeFile(join(directory, `file-${index}.txt`), `${body.join('\n')}\n`);
        })
      );
    }
  }
  await writeFile(join(root, 'small.txt'), 'x'.repeat(1000));
  return { root, count };
}

async function connect(bin, root) {
  const server = startStdio(node, [bin, root]);
  await server.request('initialize', INITIALIZE_PARAMS);
  server.notify('notifications/initialized', {});
  const call = async (name, args) => {
    const response = await server.request('tools/call', { name, arguments: args });
    if (response.error || response.result?.isError)
      throw new Error(`${name} failed: ${JSON.stringify(response).slice(0, 300)}`);
    return response.result;
  };
  return { server, call };
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const resultBytes = result => Buffer.byteLength(JSON.stringify(result));

/** Times `count` calls on each server, alternating between them. */
async function interleaved(servers, count, makeCall) {
  const samples = servers.map(() => []);
  let lastResults = [];
  for (let index = 0; index < count; index++) {
    lastResults = [];
    for (const [position, server] of servers.entries()) {
      const started = performance.now();
      lastResults.push(await makeCall(server));
      samples[position].push(performance.now() - started);
    }
  }
  return samples.map((durations, position) => {
    durations.sort((a, b) => a - b);
    return {
      p50: percentile(durations, 0.5),
      p99: percentile(durations, 0.99),
      bytes: resultBytes(lastResults[position])
    };
  });
}

async function coldStart(bin, root) {
  const started = performance.now();
  const server = startStdio(node, [bin, root]);
  await server.request('initialize', INITIALIZE_PARAMS);
  const elapsed = performance.now() - started;
  await server.stop();
  return elapsed;
}

const { root, count } = await generateTree();
console.error(`filesystem bench on Node ${process.version}: ${count} files under ${root}`);
const official = await connect(OFFICIAL, root);
const ours = await connect(OURS, root);
const both = [official, ours];
const rows = [];
const row = (name, [theirs, mine], note = '') =>
  rows.push({ name, theirs, mine, ratio: theirs.p50 / mine.p50, note });

const small = join(root, 'small.txt');
row(
  'read_text_file, 1 KB file',
  await interleaved(both, READS, s => s.call('read_text_file', { path: small }))
);
const dir = join(root, 'pkg-3', 'mod-4');
row(
  'list_directory, 50 entries',
  await interleaved(both, READS, s => s.call('list_directory', { path: dir }))
);
row(
  'search_files by name, 20k-file tree (`**/file-7.txt`, 400 hits)',
  await interleaved(both, SEARCHES, s => s.call('search_files', { path: root, pattern: '**/file-7.txt' }))
);
row(
  'directory_tree, 20k-file tree',
  await interleaved(both, Math.max(3, Math.floor(SEARCHES / 2)), s =>
    s.call('directory_tree', { path: root })
  ),
  'output bytes in the note column'
);
const grep = await interleaved([ours], SEARCHES, s =>
  s.call('grep', { path: root, pattern: 'needle', limit: 500 })
);
const grepRegex = await interleaved([ours], SEARCHES, s =>
  s.call('grep', { path: root, pattern: 'needle\\s+is', regex: true, limit: 500 })
);

const cold = [[], []];
for (let index = 0; index < COLD_STARTS; index++) {
  cold[0].push(await coldStart(OFFICIAL, root));
  cold[1].push(await coldStart(OURS, root));
}
await official.server.stop();
await ours.server.stop();
await rm(root, { recursive: true, force: true });

const format = value => value.toFixed(value < 10 ? 2 : 1);
const lines = [
  '| case | official p50 ms | mcpkit p50 ms | mcpkit speed-up | result bytes official / mcpkit |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    item =>
      `| ${item.name} | ${format(item.theirs.p50)} | ${format(item.mine.p50)} | ${item.ratio.toFixed(2)}× | ${item.theirs.bytes} / ${item.mine.bytes} |`
  ),
  `| grep literal \`needle\`, 20k files (mcpkit only; 200 hits) | – | ${format(grep[0].p50)} | – | – / ${grep[0].bytes} |`,
  `| grep regex \`needle\\s+is\`, 20k files (mcpkit only) | – | ${format(grepRegex[0].p50)} | – | – / ${grepRegex[0].bytes} |`,
  `| cold start to first response (median of ${COLD_STARTS}) | ${format(median(cold[0]))} | ${format(median(cold[1]))} | ${(median(cold[0]) / median(cold[1])).toFixed(2)}× | |`
];
process.stdout.write(`${lines.join('\n')}\n`);
