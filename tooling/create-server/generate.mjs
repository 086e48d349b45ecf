// Writes a new server package from ./template: the anatomy every mcpkit server shares, one sample
// tool, resource and prompt, the contract test, a README skeleton and a changeset.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

import * as prettier from 'prettier';

const TEMPLATE = join(import.meta.dirname, 'template');

/** A server name: lower-case words joined by hyphens, as in the package name `@mcpkit/server-<name>`. */
const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME = 40;

/**
 * Why `name` cannot name a new server under `root`, or undefined when it can.
 *
 * @param {string} name
 * @param {string} root
 * @returns {string | undefined}
 */
export function nameProblem(name, root) {
  if (typeof name !== 'string' || name === '')
    return 'Give the new server a name: pnpm gen:server <name> (for example: pnpm gen:server weather).';
  if (!NAME.test(name) || name.length > MAX_NAME)
    return `"${name}" is not a usable server name: use lower-case letters and digits, words joined by hyphens, at most ${MAX_NAME} characters (for example: weather, issue-tracker).`;
  if (existsSync(join(root, 'servers', name)))
    return `servers/${name} exists already: pick another name, or remove that directory first.`;
  return undefined;
}

/** The spellings of a name the template uses. */
export function spellings(name, description) {
  const words = name.split('-');
  const pascal = words.map(word => word[0].toUpperCase() + word.slice(1)).join('');
  return {
    __name__: name,
    __Name__: pascal,
    __camel__: pascal[0].toLowerCase() + pascal.slice(1),
    __ENV__: words.join('_').toUpperCase(),
    __title__: words.join(' '),
    __description__: description ?? `An MCP server for ${words.join(' ')}, built on @mcpkit/core.`
  };
}

function fill(text, values) {
  return text.replace(/__(?:name|Name|camel|ENV|title|description)__/g, key => values[key]);
}

async function templateFiles(directory = TEMPLATE) {
  const files = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await templateFiles(path)));
    else if (entry.name.endsWith('.tmpl')) files.push(path);
  }
  return files;
}

/**
 * Generates `servers/<name>` under `root` (the repository) and its changeset; returns the paths
 * written, relative to `root`. Refuses a bad or taken name with a message saying what to do.
 *
 * @param {{ name: string; description?: string | undefined; root: string }} options
 * @returns {Promise<string[]>}
 */
export async function generateServer({ name, description, root }) {
  const problem = nameProblem(name, root);
  if (problem !== undefined) throw new Error(problem);
  if (description !== undefined && (description.includes('\n') || description.length > 300))
    throw new Error('Give --description as one line of at most 300 characters.');
  const values = spellings(name, description);
  const target = join(root, 'servers', name);
  const written = [];
  for (const source of await templateFiles()) {
    const relativePath = fill(relative(TEMPLATE, source).slice(0, -'.tmpl'.length), values);
    const destination =
      relativePath === 'changeset.md'
        ? join(root, '.changeset', `${name}-server.md`)
        : join(target, relativePath);
    let text = fill(await readFile(source, 'utf8'), values);
    // Formatted as the repository formats everything, so `prettier --check .` passes untouched.
    const config = (await prettier.resolveConfig(join(root, 'package.json'))) ?? {};
    text = await prettier.format(text, { ...config, filepath: destination });
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, text, { mode: relativePath.startsWith('bin/') ? 0o755 : 0o644 });
    written.push(relative(root, destination));
  }
  return written.sort();
}
