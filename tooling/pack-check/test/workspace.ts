import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root. */
export const ROOT = join(import.meta.dirname, '../../..');

/**
 * The workspace's packages of code that ships or runs as a server (`packages/*`, `servers/*`,
 * `apps/*`; bench and tooling are scripts), read from disk: a new server is checked without
 * being listed here.
 */
export const WORKSPACE_PACKAGES: readonly { directory: string; published: boolean }[] = [
  'packages',
  'servers',
  'apps'
].flatMap(group =>
  readdirSync(join(ROOT, group))
    .map(name => `${group}/${name}`)
    .filter(directory => existsSync(join(ROOT, directory, 'package.json')))
    .map(directory => {
      const manifest = JSON.parse(readFileSync(join(ROOT, directory, 'package.json'), 'utf8')) as {
        private?: boolean;
      };
      return { directory, published: manifest.private !== true };
    })
);
