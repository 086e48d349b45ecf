#!/usr/bin/env node
// pnpm gen:server <name> [--description "<one line>"]: writes servers/<name>, ready to build and test.
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { generateServer } from './generate.mjs';

const USAGE = 'Usage: pnpm gen:server <name> [--description "<one line>"]';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { description: { type: 'string' }, root: { type: 'string' }, help: { type: 'boolean' } }
  });
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.positionals.length !== 1) {
  console.error(`Give exactly one name.\n${USAGE}`);
  process.exit(2);
}
const [name] = parsed.positionals;
const root = parsed.values.root ?? join(import.meta.dirname, '../..');
try {
  const written = await generateServer({ name, description: parsed.values.description, root });
  console.log(`Wrote ${written.length} files:\n${written.map(path => `  ${path}`).join('\n')}`);
  console.log(
    [
      '',
      'Next:',
      '  pnpm install                                   # links the new package into the workspace',
      `  pnpm --filter @mcpkit/server-${name}... build   # builds it and what it depends on`,
      `  pnpm --filter @mcpkit/server-${name} test`,
      '',
      'Then replace the sample tool, resource and prompt with your own (see CONTRIBUTING.md).'
    ].join('\n')
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
