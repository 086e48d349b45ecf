// Runs the official MCP conformance suite against the fixture server over loopback HTTP, for the
// 2026-07-28 and 2025-11-25 requirement sets. The suite needs Node 22: it is installed, with the
// suite, from the npm registry into runner/ so the workspace itself stays on the Node it runs on.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const runner = join(app, 'runner');
const bin = join(runner, 'node_modules', '.bin');
const requirementSets = ['2026-07-28', '2025-11-25'];

function installRunner() {
  if (existsSync(join(bin, 'conformance')) && existsSync(join(bin, 'node'))) return;
  console.log('Installing Node 22 and the conformance suite into runner/ (npm registry)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: runner,
    stdio: 'inherit'
  });
}

function startFixture() {
  const child = spawn(
    process.execPath,
    [join(app, 'dist', 'bin', 'cli.js'), '--transport', 'http', '--port', '0'],
    {
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fixture did not start:\n${stderr}`));
    }, 15_000);
    child.stderr.on('data', chunk => {
      stderr += chunk;
      const line = stderr.split('\n').find(text => text.includes('"listening"'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: JSON.parse(line).url });
      }
    });
    child.once('exit', code => reject(new Error(`fixture exited with ${code}:\n${stderr}`)));
  });
}

/** The scored server scenarios of a requirement set, read from the suite's own requirements file. */
function scoredServerScenarios(requirements) {
  const file = join(
    runner,
    'node_modules',
    '@modelcontextprotocol',
    'conformance',
    'requirements',
    `${requirements}.yaml`
  );
  const scenarios = new Set();
  let inServer = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inServer = line.startsWith('server:');
    const entry = /^ {2}- ([\w/.-]+)\s*$/.exec(line);
    if (inServer && entry) scenarios.add(entry[1]);
  }
  return scenarios;
}

/**
 * Reads every check the run recorded. Scored scenarios must have passed for real: a check that was
 * skipped or says a fixture was not found / not testable means the fixture was not exercised, and
 * counts as a failure even when the suite's own verdict let it through.
 */
function judge(outputDirectory, scored) {
  const failures = [];
  const unscored = [];
  let checks = 0;
  for (const entry of readdirSync(outputDirectory)) {
    const file = join(outputDirectory, entry, 'checks.json');
    if (!existsSync(file)) continue;
    const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
    for (const check of JSON.parse(readFileSync(file, 'utf8'))) {
      checks++;
      const hollow = check.status === 'SKIPPED' || /not found|not testable/i.test(check.errorMessage ?? '');
      if (check.status !== 'FAILURE' && check.status !== 'WARNING' && !hollow) continue;
      const line = `${check.status} ${scenario}: ${check.id} ${(check.errorMessage ?? '').slice(0, 160)}`;
      (scored.has(scenario) ? failures : unscored).push(line);
    }
  }
  return { checks, failures, unscored };
}

installRunner();
const { child, url } = await startFixture();
let failed = false;
const report = [];
try {
  for (const requirements of requirementSets) {
    const output = mkdtempSync(join(tmpdir(), `mcpkit-conformance-${requirements}-`));
    console.log(`\n=== conformance --requirements ${requirements} against ${url}`);
    const code = await new Promise(resolve => {
      const suite = spawn(
        join(bin, 'conformance'),
        [
          'server',
          '--url',
          url,
          '--requirements',
          requirements,
          '--expected-failures',
          join(app, 'expected-failures.yml'),
          '-o',
          output,
          '--timeout',
          '20000'
        ],
        { stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } }
      );
      suite.once('exit', resolve);
    });
    const scored = scoredServerScenarios(requirements);
    const { checks, failures, unscored } = judge(output, scored);
    rmSync(output, { recursive: true, force: true });
    console.log(
      `${requirements}: suite exit ${code}; ${scored.size} scored scenarios, ${checks} checks; ` +
        `${failures.length} problems in scored scenarios; ${unscored.length} in not-scored ones (tasks extension, pending).`
    );
    for (const failure of failures) console.log(`  ${failure}`);
    report.push({
      requirements,
      suiteExitCode: code,
      scoredScenarios: scored.size,
      checks,
      problems: failures
    });
    if (code !== 0 || failures.length > 0) failed = true;
  }
} finally {
  child.kill('SIGTERM');
}
// Read by scripts/test-summary.mjs for the closing lines of `pnpm test`.
mkdirSync(join(app, '.test-results'), { recursive: true });
writeFileSync(join(app, '.test-results', 'conformance.json'), JSON.stringify(report, null, 2));
if (failed) {
  console.error('\nConformance FAILED.');
  process.exit(1);
}
console.log('\nConformance passed for both requirement sets.');
