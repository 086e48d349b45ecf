import { closeSync, mkdirSync, openSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { InferToolInput, Tool } from '@mcpkit/core';
import { callTool } from '@mcpkit/testing';
import type { TreeSpec } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

import { IGNORE_LIMITS } from '../src/fs/ignore-rules.js';
import { directoryTreeTool } from '../src/tools/directory-tree.js';
import { grepTool } from '../src/tools/grep.js';
import { searchFilesTool } from '../src/tools/search-files.js';
import { harnessPerTest } from './harness.js';
import type { FsHarness } from './harness.js';

const harness = harnessPerTest();

/** Calls `tool` and returns its result typed by the tool, after checking it is no error. */
async function succeed<T extends Tool<never>>(fs: FsHarness, tool: T, args: InferToolInput<T>) {
  const outcome = await callTool(fs.client, tool, args);
  expect(outcome.isError, outcome.text).toBe(false);
  return { text: outcome.text, structured: outcome.structured! };
}

const warningsOf = (outcome: {
  structured: { warnings?: readonly { kind: string; message: string }[] | undefined };
}) => outcome.structured.warnings ?? [];
const foundNames = (outcome: { structured: { matches: readonly { path: string }[] } }) =>
  outcome.structured.matches.map(match => basename(match.path)).sort();

/** `count` rules, one a line: `prefix0`, `prefix1`, … */
const rules = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`).join('\n');

describe('.gitignore files over the limits', () => {
  it('applies the first 10,000 rules of a 4.7 MB .gitignore of 400,000, says so, and grep answers', async () => {
    const text = rules('dist-', 400_000);
    expect(text.length).toBeGreaterThan(4_600_000);
    const fs = await harness({
      '.gitignore': text,
      'keep.txt': 'needle\n',
      // Ignored by line 6, which is applied; line 400,000 is past the cut, so it is not.
      'dist-5': 'needle\n',
      'dist-399999': 'needle\n'
    });
    const outcome = await succeed(fs, grepTool, { pattern: 'needle', path: fs.dir.path });
    expect(foundNames(outcome)).toEqual(['dist-399999', 'keep.txt']);
    const [warning, ...others] = warningsOf(outcome);
    expect(others).toEqual([]);
    expect(warning).toMatchObject({
      kind: 'ignore_file_cut',
      path: join(fs.dir.path, '.gitignore'),
      rulesApplied: IGNORE_LIMITS.rules,
      rulesSkipped: 0,
      notAppliedFromLine: IGNORE_LIMITS.rules + 1
    });
    expect(warning?.message).toMatch(/only 10000 of its rules were applied/);
    expect(warning?.message).toMatch(/only its first 1024\.00 KB were read/);
    expect(outcome.text).toContain(`[warning] ${join(fs.dir.path, '.gitignore')} was applied only in part`);
    expect(outcome.text).toMatch(/The rest of that file, from line 10001 on, was not applied/);
  });

  it('reads no more than 1 MiB of a .gitignore, cut at a whole line', async () => {
    const fs = await harness({
      '.gitignore': `secret.txt\n#${'x'.repeat(IGNORE_LIMITS.fileBytes)}\nlate.txt\n`,
      'secret.txt': 'needle\n',
      'late.txt': 'needle\n',
      'other.txt': 'needle\n'
    });
    const outcome = await succeed(fs, grepTool, { pattern: 'needle', path: fs.dir.path });
    expect(foundNames(outcome)).toEqual(['late.txt', 'other.txt']);
    expect(warningsOf(outcome)).toEqual([
      expect.objectContaining({ kind: 'ignore_file_cut', rulesApplied: 1, notAppliedFromLine: 2 })
    ]);
    expect(outcome.text).toMatch(/it is 1\.00 MB, and only its first 11 B were read/);
  });

  it('leaves out single rules that are too long or would backtrack, and applies the others', async () => {
    const deep = Array.from({ length: 30 }, () => 'a').join('/');
    const tree: TreeSpec = {
      '.gitignore': [
        // Four `**` spanning directories: n⁴ steps a path on a 30-level path of `a`s.
        '**/a/**/a/**/a/**/b',
        `*${'a*'.repeat(IGNORE_LIMITS.wildcards)}z`,
        `long-${'x'.repeat(IGNORE_LIMITS.ruleCharacters)}`,
        '# a comment costs nothing',
        'kept-out.txt',
        '**/node_modules/**'
      ].join('\n'),
      'kept-out.txt': 'needle\n',
      node_modules: { 'dep.txt': 'needle\n' },
      [`${'a'.repeat(IGNORE_LIMITS.wildcards)}z`]: 'needle\n'
    };
    const fs = await harness(tree);
    mkdirSync(fs.dir.resolve(`${deep}/b`), { recursive: true });
    closeSync(openSync(fs.dir.resolve(`${deep}/b/found.txt`), 'w'));
    const found = await succeed(fs, searchFilesTool, {
      path: fs.dir.path,
      pattern: '**',
      respectGitignore: true
    });
    const files = found.structured.matches
      .filter(match => match.type === 'file')
      .map(match => basename(match.path));
    // The left-out rules would have hidden found.txt and aa…z; the applied ones hide the rest.
    expect(files.sort()).toEqual(['.gitignore', `${'a'.repeat(IGNORE_LIMITS.wildcards)}z`, 'found.txt']);
    expect(warningsOf(found)).toEqual([
      expect.objectContaining({ kind: 'ignore_file_cut', rulesApplied: 2, rulesSkipped: 3 })
    ]);
    expect(warningsOf(found)[0]).not.toHaveProperty('notAppliedFromLine');
    expect(found.text).toMatch(/3 rules were left out as too costly to match/);
    expect(found.text).toMatch(/Its other rules were applied/);
  });

  it('applies at most 256 rules with an inner /**/, and every other rule', async () => {
    const inner = Array.from({ length: 300 }, (_, index) => `d${index}/**/x`).join('\n');
    const fs = await harness({
      '.gitignore': `${inner}\nlast.txt\n`,
      d0: { deep: { x: 'needle\n' } },
      d299: { deep: { x: 'needle\n' } },
      'last.txt': 'needle\n'
    });
    const outcome = await succeed(fs, grepTool, { pattern: 'needle', path: fs.dir.path });
    expect(outcome.structured.matches.map(match => match.path)).toEqual([
      join(fs.dir.path, 'd299', 'deep', 'x')
    ]);
    expect(warningsOf(outcome)).toEqual([
      expect.objectContaining({
        rulesApplied: IGNORE_LIMITS.innerGlobstarRules + 1,
        rulesSkipped: 300 - IGNORE_LIMITS.innerGlobstarRules
      })
    ]);
    expect(outcome.text).toMatch(/an inner \/\*\*\/ past the first 256/);
  });

  it('counts the rules of the .gitignore files above a directory against the same 10,000', async () => {
    const fs = await harness({
      '.gitignore': rules('root-', IGNORE_LIMITS.rules - 5),
      sub: { '.gitignore': rules('s-', 10), 's-2': 'needle\n', 's-7': 'needle\n' }
    });
    const outcome = await succeed(fs, grepTool, { pattern: 'needle', path: fs.dir.path });
    expect(foundNames(outcome)).toEqual(['s-7']);
    expect(warningsOf(outcome)).toEqual([
      expect.objectContaining({
        kind: 'ignore_file_cut',
        path: join(fs.dir.path, 'sub', '.gitignore'),
        rulesApplied: 5,
        notAppliedFromLine: 6
      })
    ]);
    expect(outcome.text).toMatch(/and 9995 came from the \.gitignore files above it/);
  });

  it('warns about a .gitignore above the start of the walk too', async () => {
    const fs = await harness({
      '.git': { HEAD: '' },
      '.gitignore': `${rules('r-', IGNORE_LIMITS.rules)}\nlate.txt\n`,
      src: { 'late.txt': 'needle\n', 'r-3': 'needle\n' }
    });
    const outcome = await succeed(fs, grepTool, { pattern: 'needle', path: fs.dir.resolve('src') });
    expect(foundNames(outcome)).toEqual(['late.txt']);
    expect(warningsOf(outcome)).toEqual([
      expect.objectContaining({ path: join(fs.dir.path, '.gitignore'), notAppliedFromLine: 10_001 })
    ]);
  });

  it('reaches every tool that walks with .gitignore: search_files and directory_tree', async () => {
    const fs = await harness({
      '.gitignore': `${rules('r-', IGNORE_LIMITS.rules)}\nlate.txt\n`,
      'late.txt': '',
      'r-1': ''
    });
    const search = await succeed(fs, searchFilesTool, {
      path: fs.dir.path,
      pattern: '*',
      respectGitignore: true
    });
    const tree = await succeed(fs, directoryTreeTool, { path: fs.dir.path, respectGitignore: true });
    for (const outcome of [search, tree]) {
      expect(warningsOf(outcome)).toEqual([
        expect.objectContaining({ kind: 'ignore_file_cut', notAppliedFromLine: 10_001 })
      ]);
      expect(outcome.text).toContain(`[warning] ${join(fs.dir.path, '.gitignore')} was applied only in part`);
    }
    expect(JSON.stringify(search.structured.matches)).toContain('late.txt');
    expect(JSON.stringify(search.structured.matches)).not.toContain('r-1');
    // Without respectGitignore no .gitignore is read, and nothing is said.
    const plain = await succeed(fs, searchFilesTool, { path: fs.dir.path, pattern: '*' });
    expect(plain.structured).not.toHaveProperty('warnings');
  });

  it('keeps ignoring after the rules are renewed past 10,000 checked paths', async () => {
    const fs = await harness({ '.gitignore': '*.log\n' });
    for (let index = 0; index < 12_000; index++) {
      closeSync(
        openSync(
          fs.dir.resolve(`f-${String(index).padStart(5, '0')}.${index % 7 === 0 ? 'log' : 'txt'}`),
          'w'
        )
      );
    }
    const outcome = await succeed(fs, searchFilesTool, {
      path: fs.dir.path,
      pattern: '*.log',
      respectGitignore: true
    });
    expect(outcome.structured.total).toBe(0);
    const all = await succeed(fs, searchFilesTool, { path: fs.dir.path, pattern: '*.log' });
    expect(all.structured.total).toBe(Math.ceil(12_000 / 7));
  });
});
