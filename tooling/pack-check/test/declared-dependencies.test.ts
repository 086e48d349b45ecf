import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT, WORKSPACE_PACKAGES } from './workspace.js';

const PACKAGES = WORKSPACE_PACKAGES.map(each => each.directory);
/** Type-only packages: declared for the compiler, imported by no line of code. */
const TYPES_ONLY = /^@types\//;
/** Tools a package runs from its scripts or config rather than imports. */
const TOOLS = new Set(['typescript', 'vitest', '@mcpkit/bundle-bin']);

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Every .ts file under a directory (node_modules and dist left out). */
function sources(directory: string): string[] {
  return readdirSync(directory).flatMap(name => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  if (builtinModules.includes(specifier.split('/')[0] as string)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The packages a file imports (static and dynamic imports, type imports too). */
function importsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  // import … from '…', export … from '…', import '…', import('…')
  const statements = /^\s*(?:import|export)\s(?:[^;]*?\sfrom\s)?\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
  for (const match of text.matchAll(statements)) {
    const name = packageOf((match[1] ?? match[2]) as string);
    if (name !== undefined) found.add(name);
  }
  return found;
}

describe('declared dependencies', () => {
  it.each(PACKAGES)('%s imports only what it declares, and declares nothing it never uses', directory => {
    const manifest = JSON.parse(readFileSync(join(ROOT, directory, 'package.json'), 'utf8')) as Manifest & {
      name: string;
    };
    const runtime = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {})
    ]);
    const declared = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {})]);
    const files = sources(join(ROOT, directory));
    const used = new Set<string>();
    const undeclared: string[] = [];
    for (const file of files) {
      const shipped = file.includes('/src/') && !/\.test(-d)?\.ts$/.test(file);
      for (const name of importsOf(file)) {
        used.add(name);
        if (name === manifest.name) continue;
        // Code that ships must import a runtime dependency; tests may use dev ones.
        if (!(shipped ? runtime : declared).has(name))
          undeclared.push(`${relative(ROOT, file)} imports ${name}`);
      }
    }
    expect(undeclared).toEqual([]);
    // A development dependency may be run by path rather than imported (an anchor server the
    // parity tests spawn): named in a source file is used.
    const texts = files.map(file => readFileSync(file, 'utf8')).join('\n');
    const mentioned = (name: string) => !runtime.has(name) && texts.includes(`${name}/`);
    const unused = [...declared].filter(
      name => !used.has(name) && !mentioned(name) && !TYPES_ONLY.test(name) && !TOOLS.has(name)
    );
    expect(unused).toEqual([]);
  });
});
