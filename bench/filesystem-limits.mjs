// pnpm bench (filesystem under attack): @mcpkit/server-filesystem and the official
// @modelcontextprotocol/server-filesystem, each spawned over stdio on the same generated tree, given
// what the hardening issue found stops a server: 16 parallel list_directory_with_sizes on 200,000
// entries, a backtracking glob against one long name, and (ours only: the official server has no
// grep or .gitignore support) a grep under a 4.7 MB .gitignore of 400,000 rules and one under a
// hostile `**` rule. Each case reports the time, whether every call answered, the longest wait of
// a second, cheap call made meanwhile, and the server's peak resident memory. A call that has not
// answered after CALL_TIMEOUT_MS counts as "timed out"; the server is then killed.
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { INITIALIZE_PARAMS, startStdio } from './stdio-driver.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const SERVERS = {
  ours: join(here, '../servers/filesystem/dist/bin/cli.js'),
  official: join(
    dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')),
    'dist/index.js'
  )
};
const CALL_TIMEOUT_MS = Number(process.env.BENCH_LIMITS_TIMEOUT_MS ?? 60_000);
const HOSTILE_GLOB = `**/${'*?'.repeat(16)}#`;

function generate(root) {
  mkdirSync(join(root, 'huge'));
  for (let index = 0; index < 200_000; index++)
    closeSync(openSync(join(root, 'huge', `file-number-${index}.txt`), 'w'));
  mkdirSync(join(root, 'long', 'er'), { recursive: true });
  writeFileSync(join(root, 'long', 'er', `${'a'.repeat(120)}.txt`), 'needle\n');
  mkdirSync(join(root, 'repo'));
  writeFileSync(
    join(root, 'repo', '.gitignore'),
    Array.from({ length: 400_000 }, (_, index) => `dist-${index}`).join('\n')
  );
  for (let index = 0; index < 200; index++) writeFileSync(join(root, 'repo', `src-${index}.txt`), 'needle\n');
  const deep = join(root, 'hostile', ...Array.from({ length: 80 }, () => 'a'));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'x.txt'), 'needle\n');
  writeFileSync(join(root, 'hostile', '.gitignore'), '**/a/**/a/**/a/**/a/**/b\n');
}

const peakRssMb = pid =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function withServer(bin, root, run) {
  const server = startStdio(process.execPath, [bin, root]);
  let exited = false;
  const exit = new Promise(resolve =>
    server.child.once('exit', code => ((exited = true), resolve({ crashed: code })))
  );
  await server.request('initialize', INITIALIZE_PARAMS);
  server.notify('notifications/initialized', {});
  let timer;
  const deadline = new Promise(
    resolve => (timer = setTimeout(() => resolve({ timedOut: true }), CALL_TIMEOUT_MS))
  );
  const call = (name, args) =>
    Promise.race([server.request('tools/call', { name, arguments: args }), exit, deadline]);
  try {
    const outcome = await run(call);
    return { ...outcome, peakRssMb: exited ? 'crashed' : Math.round(peakRssMb(server.child.pid)) };
  } finally {
    clearTimeout(timer);
    if (!exited) server.child.kill('SIGKILL');
  }
}

const summary = response =>
  response.crashed !== undefined
    ? 'crashed'
    : response.timedOut
      ? 'timed out'
      : response.result?.isError
        ? 'error'
        : 'ok';

/** Runs `work` while a cheap call is made every 20 ms; the longest any of those waited. */
async function withProbe(call, work) {
  let worst = 0;
  let done = false;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await call('list_allowed_directories', {});
      worst = Math.max(worst, performance.now() - started);
      if (response.timedOut || response.crashed !== undefined) return;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  const result = await work();
  done = true;
  await probe;
  return { ms: Math.round(performance.now() - started), ...result, worstProbeMs: Math.round(worst) };
}

const CASES = {
  '16 parallel list_directory_with_sizes, 200k entries': (call, root) =>
    withProbe(call, async () => {
      const responses = await Promise.all(
        Array.from({ length: 16 }, () => call('list_directory_with_sizes', { path: join(root, 'huge') }))
      );
      return { outcome: [...new Set(responses.map(summary))].join('/') };
    }),
  [`search_files ${HOSTILE_GLOB} against a 124-character name`]: (call, root) =>
    withProbe(call, async () => ({
      outcome: summary(await call('search_files', { path: join(root, 'long'), pattern: HOSTILE_GLOB }))
    })),
  'grep under a 400,000-rule .gitignore': (call, root) =>
    withProbe(call, async () => ({
      outcome: summary(await call('grep', { pattern: 'needle', path: join(root, 'repo') }))
    })),
  'grep under **/a/**/a/**/a/**/a/**/b, 80 levels deep': (call, root) =>
    withProbe(call, async () => ({
      outcome: summary(await call('grep', { pattern: 'needle', path: join(root, 'hostile') }))
    }))
};
const OURS_ONLY = new Set([
  'grep under a 400,000-rule .gitignore',
  'grep under **/a/**/a/**/a/**/a/**/b, 80 levels deep'
]);

const root = await mkdtemp(join(tmpdir(), 'mcpkit-bench-limits-'));
try {
  generate(root);
  const rows = [];
  for (const [name, run] of Object.entries(CASES)) {
    for (const [label, bin] of Object.entries(SERVERS)) {
      if (label === 'official' && OURS_ONLY.has(name)) continue;
      const result = await withServer(bin, root, call => run(call, root));
      console.error(`  ${name} (${label}): ${JSON.stringify(result)}`);
      rows.push({ name, label, ...result });
    }
  }
  console.log('| case | server | outcome | ms | longest wait of another call, ms | peak RSS MB |');
  console.log('| --- | --- | --- | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.label} | ${row.outcome} | ${row.ms} | ${row.worstProbeMs} | ${row.peakRssMb} |`
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
