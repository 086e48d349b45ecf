// Bundles a server's CLI entry with its dependencies into one ESM program. Cold start matters for
// stdio servers (a host spawns them on demand): a bundle avoids resolving and reading hundreds of
// small module files (zod 4 alone ships many) and starts about a fifth faster. Dynamic imports stay
// separate chunks, so HTTP-only code still loads only when serving HTTP.
import { chmod, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

import { build } from 'esbuild';

// CommonJS dependencies (pino, prom-client) call require(); ESM output has none, so give each chunk one.
const REQUIRE_SHIM =
  "import { createRequire as __mcpkitCreateRequire } from 'node:module'; const require = __mcpkitCreateRequire(import.meta.url);";

/**
 * Bundles `entry` into `outdir` and makes the result executable. Native addons (better-sqlite3) and
 * anything else that cannot be bundled are passed as `external`.
 */
export async function bundleBin({ entry, outdir = 'dist/bin', external = [] }) {
  // Chunks are named by content hash: without this, every build would leave the last one's behind
  // (and pack them).
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    banner: { js: REQUIRE_SHIM },
    external,
    logLevel: 'warning'
  });
  const output = join(outdir, `${basename(entry, extname(entry))}.js`);
  await chmod(output, 0o755);
  return output;
}
