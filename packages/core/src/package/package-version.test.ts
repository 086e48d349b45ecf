import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { packageVersion } from './package-version.js';

describe('packageVersion', () => {
  it("reads this package's version from any depth below it", () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(packageVersion(import.meta.url)).toBe(manifest.version);
  });

  it('skips a package.json without a version (a bundle directory marker) and finds the one above', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mcpkit-version-'));
    try {
      await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'x', version: '3.2.1' }));
      await mkdir(join(root, 'dist/bin'), { recursive: true });
      await writeFile(join(root, 'dist/package.json'), JSON.stringify({ type: 'module' }));
      expect(packageVersion(pathToFileURL(join(root, 'dist/bin/chunk.js')))).toBe('3.2.1');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
