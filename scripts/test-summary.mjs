// Adds up every package's vitest JSON report into one closing line, e.g. "tests: 250 passed, 0 failed".
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const group of ['packages', 'servers', 'apps', 'tooling']) {
  if (!existsSync(join(root, group))) continue;
  for (const name of readdirSync(join(root, group))) {
    const conformance = join(root, group, name, '.test-results', 'conformance.json');
    if (existsSync(conformance)) {
      for (const run of JSON.parse(readFileSync(conformance, 'utf8'))) {
        const verdict = run.suiteExitCode === 0 && run.problems.length === 0 ? 'passed' : 'FAILED';
        console.log(
          `conformance ${run.requirements}: ${verdict} (${run.scoredScenarios} scored scenarios, ${run.checks} checks)`
        );
      }
    }
    const file = join(root, group, name, '.test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    reports++;
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    console.log(`${group}/${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  }
}
if (reports === 0) {
  console.error('No test reports found: no test ran.');
  process.exit(1);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
