import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in the package.json nearest above a module (pass `import.meta.url`): what a server
 * reports to clients and `--version` prints, from the one place it is set. Works from a package's
 * sources, its compiled `dist/` and its bundled bin alike, whatever their depth.
 */
export function packageVersion(moduleUrl: string | URL): string {
  for (let directory = dirname(fileURLToPath(moduleUrl)); ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
      if (typeof version === 'string') return version;
    }
    if (dirname(directory) === directory)
      throw new Error(`No package.json with a version above ${fileURLToPath(moduleUrl)}.`);
  }
}
