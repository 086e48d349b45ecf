import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

type Call = [tool: string, args: Record<string, unknown>];

/** Every tool that takes a path, aimed at `path`. */
function callsAt(path: string): Call[] {
  return [
    ['read_text_file', { path }],
    ['get_file_info', { path }],
    ['write_file', { path, content: 'x' }],
    ['write_file', { path, content: 'x', append: true }],
    ['write_file', { path, content: 'x', createParents: true }],
    ['edit_file', { path, edits: [{ oldText: 'a', newText: 'b' }] }],
    ['create_directory', { path }],
    ['list_directory', { path }],
    ['directory_tree', { path }],
    ['search_files', { path, pattern: '*' }],
    ['grep', { path, pattern: 'x' }],
    ['delete_path', { path }],
    ['delete_path', { path, recursive: true }],
    ['move_file', { source: path, destination: 'moved' }],
    ['move_file', { source: 'inside.txt', destination: path }],
    ['copy_path', { source: path, destination: 'copied' }],
    ['copy_path', { source: 'inside.txt', destination: path }]
  ];
}

describe('errors do not tell what exists outside the allowed directories', () => {
  it('answers a path through a link to the outside the same whether it exists there or not', async () => {
    const fs = await harness(
      {
        allowed: { 'inside.txt': 'a\n', out: { symlink: '../outside' } },
        outside: { present: { 'file.txt': 'secret\n' }, 'plain.txt': 'secret\n' }
      },
      { allow: ['allowed'] }
    );
    // Pairs that differ only in whether something outside exists (a directory, a file as parent).
    const pairs = [
      ['out/present/new.txt', 'out/absent/new.txt'],
      ['out/present/file.txt', 'out/absent/file.txt'],
      ['out/plain.txt/x', 'out/nothing.txt/x'],
      ['out/present', 'out/absent']
    ];
    const differences: string[] = [];
    for (const [existing, missing] of pairs) {
      for (const [index, [tool, args]] of callsAt(existing as string).entries()) {
        const [, missingArgs] = callsAt(missing as string)[index] as Call;
        const one = await fs.call(tool, args);
        const other = await fs.call(tool, missingArgs);
        expect(one.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
        const shown = (text: string, path: string) => text.split(path).join('<path>');
        if (shown(one.text, existing as string) !== shown(other.text, missing as string)) {
          differences.push(`${tool}: ${one.text} | ${other.text}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('says what is wrong when a parent is a file inside, instead of an internal error', async () => {
    const fs = await harness({ 'file.txt': 'x\n' });
    const made = await fs.call('create_directory', { path: 'file.txt/sub' });
    expect(made.isError).toBe(true);
    expect(made.text).not.toMatch(/internal error/i);
    expect(made.text).toMatch(/not a directory|does not exist/);
  });
});
