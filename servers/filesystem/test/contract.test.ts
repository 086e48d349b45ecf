import { afterAll } from 'vitest';

import { createTempDir, describeServerContract } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';

import { loadRoots } from '../src/confine/allowed-roots.js';
import { createFilesystemServer } from '../src/server.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
);

const dirs: TempDir[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(dir => dir.cleanup()));
});

/** The contract's server over a fresh fixture directory. */
async function fixtureServer(options: { readOnly?: boolean } = {}) {
  const dir = await createTempDir({
    'a.txt': 'alpha\nbeta\n',
    'edit.txt': 'one\ntwo\n',
    'move-src.txt': 'move me\n',
    'to-delete.txt': 'bye\n',
    'pixel.png': PNG,
    src: { 'index.ts': 'export const answer = 42;\n', lib: { 'util.ts': 'export {};\n' } }
  });
  dirs.push(dir);
  const { roots } = await loadRoots([dir.path]);
  return createFilesystemServer({ ceiling: roots, ...options });
}

describeServerContract({
  name: 'filesystem',
  create: () => fixtureServer(),
  createReadOnly: () => fixtureServer({ readOnly: true }),
  samples: {
    copy_path: { source: 'a.txt', destination: 'a-copy.txt' },
    create_directory: { path: 'made/nested' },
    delete_path: { path: 'to-delete.txt' },
    directory_tree: { path: '.' },
    edit_file: { path: 'edit.txt', edits: [{ oldText: 'two', newText: 'three' }] },
    get_file_info: { path: 'a.txt' },
    grep: { pattern: 'answer', contextLines: 1 },
    list_allowed_directories: {},
    list_directory: { path: '.' },
    list_directory_with_sizes: { path: '.', sortBy: 'size' },
    move_file: { source: 'move-src.txt', destination: 'moved.txt' },
    read_file: { path: 'a.txt' },
    read_media_file: { path: 'pixel.png' },
    read_multiple_files: { paths: ['a.txt', 'src/index.ts'] },
    read_text_file: { path: 'a.txt', offset: 2, limit: 1, lineNumbers: true },
    search_files: { path: '.', pattern: '**/*.ts' },
    write_file: { path: 'out/written.txt', content: 'written\n', createParents: true }
  }
});
