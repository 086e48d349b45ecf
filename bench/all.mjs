// pnpm bench [section …]: runs the sections of sections.mjs in turn (all of them, or those named),
// each as its own process, and stops at the first that fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { SECTIONS } from './sections.mjs';

const wanted = process.argv.slice(2);
const unknown = wanted.filter(name => !SECTIONS.some(section => section.name === name));
if (unknown.length > 0) {
  console.error(
    `No bench section named ${unknown.join(', ')}. The sections:\n${SECTIONS.map(section => `  ${section.name.padEnd(18)} ${section.about}`).join('\n')}`
  );
  process.exit(2);
}
for (const section of SECTIONS) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  console.error(`\n== ${section.name}: ${section.about}`);
  const result = spawnSync(process.execPath, [join(import.meta.dirname, section.script)], {
    stdio: 'inherit'
  });
  if (result.status !== 0) {
    console.error(`bench section ${section.name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
