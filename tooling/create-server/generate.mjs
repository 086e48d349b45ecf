// Writes a new server package from ./template: the anatomy every mcpkit server shares, one sample
// tool, resource and prompt, the contract test, a README skeleton and a changeset.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

import * as prettier from 'prettier';

const TEMPLATE = join(import.meta.dirname, 'template');

/** A server name: lower-case words joined by hyphens, as in the package name `@mcpkit/server-<name>`. */
const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME = 40;
const MAX_DESCRIPTION = 300;
/** Names whose camelCase spelling is reserved in JavaScript (the template uses it as an identifier), and mcpkit's own. */
const RESERVED = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export extends ' +
    'false finally for function if implements import in instanceof interface let new null package private protected ' +
    'public return static super switch this throw true try typeof var void while with yield mcpkit'
  ).split(' ')
);

/** The names the workspace's packages already take: their directories, and the bins they ship. */
function takenNames(root) {
  const taken = new Set();
  for (const group of ['packages', 'servers', 'apps', 'tooling']) {
    const directory = join(root, group);
    if (!existsSync(directory)) continue;
    for (const name of readdirSync(directory)) {
      taken.add(name);
      const manifest = join(directory, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin;
      for (const command of typeof bin === 'object' && bin !== null ? Object.keys(bin) : [])
        taken.add(command.replace(/^mcpkit-/, ''));
    }
  }
  return taken;
}

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
  if (RESERVED.has(spellings(name).__camel__))
    return `"${name}" is a reserved word in JavaScript (the generated code names things after the server): pick another name, such as ${name}-server.`;
  if (takenNames(root).has(name))
    return `"${name}" is taken by a package of the workspace (a test project, a directory or a bin of that name exists): pick another name.`;
  return undefined;
}

/** Why `description` cannot describe the server, or undefined when it can. */
function descriptionProblem(description) {
  if (description === undefined) return undefined;
  if (description.trim() === '') return 'Give --description some text, or leave it out for the default.';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused.
  if (/[\u0000-\u001f\u007f]/.test(description) || description.length > MAX_DESCRIPTION)
    return `Give --description as one line of at most ${MAX_DESCRIPTION} characters.`;
  return undefined;
}

/** The spellings of a name the template uses. */
export function spellings(name, description) {
  const words = name.split('-');
  const pascal = words.map(word => word[0].toUpperCase() + word.slice(1)).join('');
  const text = description ?? `An MCP server for ${words.join(' ')}, built on @mcpkit/core.`;
  return {
    __name__: name,
    __Name__: pascal,
    __camel__: pascal[0].toLowerCase() + pascal.slice(1),
    __ENV__: words.join('_').toUpperCase(),
    __title__: words.join(' '),
    // In prose (README, changeset) as written; in code and JSON as a string literal, so quotes and
    // backslashes in it stay text.
    __description__: text,
    __descriptionLiteral__: JSON.stringify(text)
  };
}

function fill(text, values) {
  return text.replace(
    /__(?:name|Name|camel|ENV|title|description|descriptionLiteral)__/g,
    key => values[key]
  );
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
 * Every file is rendered and formatted before the first is written, and a failure while writing
 * removes what was written: no half-made server or stray changeset is left behind.
 *
 * @param {{ name: string; description?: string | undefined; root: string }} options
 * @returns {Promise<string[]>}
 */
export async function generateServer({ name, description, root }) {
  const problem = nameProblem(name, root) ?? descriptionProblem(description);
  if (problem !== undefined) throw new Error(problem);
  const values = spellings(name, description);
  const target = join(root, 'servers', name);
  const changeset = join(root, '.changeset', `${name}-server.md`);
  if (existsSync(changeset)) throw new Error(`.changeset/${name}-server.md exists already: remove it first.`);
  // Formatted as the repository formats everything, so `prettier --check .` passes untouched.
  const config = (await prettier.resolveConfig(join(root, 'package.json'))) ?? {};
  const files = [];
  for (const source of await templateFiles()) {
    const relativePath = fill(relative(TEMPLATE, source).slice(0, -'.tmpl'.length), values)
      .split(sep)
      .join('/');
    const destination = relativePath === 'changeset.md' ? changeset : join(target, relativePath);
    const text = await prettier.format(fill(await readFile(source, 'utf8'), values), {
      ...config,
      filepath: destination
    });
    files.push({ destination, text, executable: relativePath.startsWith('bin/') });
  }
  try {
    for (const file of files) {
      await mkdir(dirname(file.destination), { recursive: true });
      await writeFile(file.destination, file.text, { flag: 'wx', mode: file.executable ? 0o755 : 0o644 });
    }
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    await rm(changeset, { force: true });
    throw error;
  }
  return files.map(file => relative(root, file.destination).split(sep).join('/')).sort();
}
