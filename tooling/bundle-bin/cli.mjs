#!/usr/bin/env node
// mcpkit-bundle-bin <entry> [--outdir dist/bin] [--external name]...
import { parseArgs } from 'node:util';

import { bundleBin } from './bundle-bin.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { outdir: { type: 'string' }, external: { type: 'string', multiple: true } }
});
if (positionals.length !== 1) {
  console.error('Usage: mcpkit-bundle-bin <entry.ts> [--outdir dist/bin] [--external package]...');
  process.exit(2);
}
const output = await bundleBin({ entry: positionals[0], outdir: values.outdir, external: values.external });
console.error(`bundled ${positionals[0]} → ${output}`);
