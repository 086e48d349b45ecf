import { chmod, lstat, readFile, readlink, stat } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { harnessPerTest } from './harness.js';

const harness = harnessPerTest();

function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false
  );
}

const text = (path: string) => readFile(path, 'utf8');

const WRITE_TOOLS = ['write_file', 'edit_file', 'create_directory', 'move_file', 'copy_path', 'delete_path'];

describe('write_file', () => {
  it('creates a new file and reports it as created', async () => {
    const h = await harness({});
    const result = await h.call('write_file', { path: h.dir.resolve('new.txt'), content: 'hello\n' });
    expect(result.isError).toBe(false);
    expect(result.structured).toEqual({
      path: h.dir.resolve('new.txt'),
      bytesWritten: 6,
      created: true,
      appended: false
    });
    expect(await text(h.dir.resolve('new.txt'))).toBe('hello\n');
    // The official server's text; whether the file is new is in structuredContent.
    expect(result.text).toBe(`Successfully wrote to ${h.dir.resolve('new.txt')}`);
  });

  it('overwrites a file, keeping its permissions', async () => {
    const h = await harness({ 'secret.txt': 'old content that is longer\n' });
    const path = h.dir.resolve('secret.txt');
    await chmod(path, 0o600);
    const result = await h.call('write_file', { path, content: 'new\n' });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ created: false, appended: false, bytesWritten: 4 });
    expect(await text(path)).toBe('new\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp files behind', async () => {
    const h = await harness({ 'a.txt': 'a' });
    await h.call('write_file', { path: h.dir.resolve('a.txt'), content: 'b' });
    await h.call('write_file', { path: h.dir.resolve('c.txt'), content: 'c' });
    const listing = await h.call('list_directory', { path: h.dir.path });
    expect(listing.text).not.toContain('mcpkit-tmp');
    expect(listing.text.split('\n').filter(line => line.trim() !== '')).toHaveLength(2);
  });

  it('appends to an existing file', async () => {
    const h = await harness({ 'log.txt': 'first\n' });
    const path = h.dir.resolve('log.txt');
    const result = await h.call('write_file', { path, content: 'second\n', append: true });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ appended: true, created: false, bytesWritten: 7 });
    expect(await text(path)).toBe('first\nsecond\n');
    expect(result.text).toContain('appended');
  });

  it('appending to a missing file creates it', async () => {
    const h = await harness({});
    const path = h.dir.resolve('fresh.log');
    const result = await h.call('write_file', { path, content: 'only\n', append: true });
    expect(result.structured).toMatchObject({ appended: true, created: true });
    expect(await text(path)).toBe('only\n');
  });

  it('creates missing parents with createParents', async () => {
    const h = await harness({});
    const path = h.dir.resolve('x', 'y', 'z.txt');
    const result = await h.call('write_file', { path, content: 'deep', createParents: true });
    expect(result.isError).toBe(false);
    expect(await text(path)).toBe('deep');
    expect((await stat(h.dir.resolve('x', 'y'))).isDirectory()).toBe(true);
  });

  it('refuses a missing parent without createParents and creates nothing', async () => {
    const h = await harness({});
    const result = await h.call('write_file', {
      path: h.dir.resolve('missing', 'sub', 'f.txt'),
      content: 'x'
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('does not exist');
    expect(result.text).toContain('createParents');
    expect(await exists(h.dir.resolve('missing'))).toBe(false);
  });

  it('refuses to write over a directory, in place or by appending', async () => {
    const h = await harness({ dir: { 'keep.txt': 'keep' } });
    const path = h.dir.resolve('dir');
    const replace = await h.call('write_file', { path, content: 'x' });
    expect(replace.isError).toBe(true);
    expect(replace.text).toContain('is a directory');
    const append = await h.call('write_file', { path, content: 'x', append: true });
    expect(append.isError).toBe(true);
    expect((await stat(path)).isDirectory()).toBe(true);
    expect(await text(h.dir.resolve('dir', 'keep.txt'))).toBe('keep');
  });

  it('preserves content exactly: unicode, CRLF, tabs and no final newline', async () => {
    const h = await harness({});
    const content = 'héllo wörld 日本語 😀\r\n\tindented\r\nlast line \u00a0without newline';
    const path = h.dir.resolve('u.txt');
    const result = await h.call('write_file', { path, content });
    expect(result.structured?.bytesWritten).toBe(Buffer.byteLength(content, 'utf8'));
    expect(await readFile(path)).toEqual(Buffer.from(content, 'utf8'));
  });

  it('writes through a symlink to its target, keeping the link', async () => {
    const h = await harness({ 'target.txt': 'old', 'link.txt': { symlink: 'target.txt' } });
    const result = await h.call('write_file', { path: h.dir.resolve('link.txt'), content: 'via link' });
    expect(result.isError).toBe(false);
    expect(await text(h.dir.resolve('target.txt'))).toBe('via link');
    expect((await lstat(h.dir.resolve('link.txt'))).isSymbolicLink()).toBe(true);
  });
});

describe('create_directory', () => {
  it('creates nested directories and is idempotent', async () => {
    const h = await harness({});
    const path = h.dir.resolve('a', 'b', 'c');
    const first = await h.call('create_directory', { path });
    expect(first.isError).toBe(false);
    expect(first.structured).toEqual({ path, created: true });
    expect((await stat(path)).isDirectory()).toBe(true);
    const second = await h.call('create_directory', { path });
    expect(second.isError).toBe(false);
    expect(second.structured).toEqual({ path, created: false });
    expect(second.text).toContain('it already existed: nothing changed');
  });

  it('refuses when a file is in the way, leaving the file alone', async () => {
    const h = await harness({ 'file.txt': 'content' });
    const direct = await h.call('create_directory', { path: h.dir.resolve('file.txt') });
    expect(direct.isError).toBe(true);
    expect(direct.text).toContain('not a directory');
    const below = await h.call('create_directory', { path: h.dir.resolve('file.txt', 'sub') });
    expect(below.isError).toBe(true);
    expect(await text(h.dir.resolve('file.txt'))).toBe('content');
  });
});

describe('move_file', () => {
  it('renames a file', async () => {
    const h = await harness({ 'old.txt': 'moving' });
    const result = await h.call('move_file', {
      source: h.dir.resolve('old.txt'),
      destination: h.dir.resolve('new.txt')
    });
    expect(result.isError).toBe(false);
    expect(result.structured).toEqual({
      source: h.dir.resolve('old.txt'),
      destination: h.dir.resolve('new.txt')
    });
    expect(await exists(h.dir.resolve('old.txt'))).toBe(false);
    expect(await text(h.dir.resolve('new.txt'))).toBe('moving');
  });

  it('moves a directory with its contents into another directory', async () => {
    const h = await harness({ src: { 'f.txt': 'f', inner: { 'g.txt': 'g' } }, dest: {} });
    const result = await h.call('move_file', { source: 'src', destination: 'dest/moved' });
    expect(result.isError).toBe(false);
    expect(await text(h.dir.resolve('dest', 'moved', 'inner', 'g.txt'))).toBe('g');
    expect(await exists(h.dir.resolve('src'))).toBe(false);
  });

  it('refuses an existing destination and changes neither file', async () => {
    const h = await harness({ 'a.txt': 'A', 'b.txt': 'B' });
    const result = await h.call('move_file', {
      source: h.dir.resolve('a.txt'),
      destination: h.dir.resolve('b.txt')
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('already exists');
    expect(await text(h.dir.resolve('a.txt'))).toBe('A');
    expect(await text(h.dir.resolve('b.txt'))).toBe('B');
  });

  it('moves a symlink as a link, leaving its target in place', async () => {
    const h = await harness({ 'target.txt': 'T', 'link.txt': { symlink: 'target.txt' } });
    const result = await h.call('move_file', { source: 'link.txt', destination: 'renamed-link.txt' });
    expect(result.isError).toBe(false);
    expect(await exists(h.dir.resolve('link.txt'))).toBe(false);
    expect((await lstat(h.dir.resolve('renamed-link.txt'))).isSymbolicLink()).toBe(true);
    expect(await readlink(h.dir.resolve('renamed-link.txt'))).toBe('target.txt');
    expect(await text(h.dir.resolve('target.txt'))).toBe('T');
  });

  it('refuses to move a directory into itself', async () => {
    const h = await harness({ dir: { 'a.txt': 'a', sub: {} } });
    const result = await h.call('move_file', { source: 'dir', destination: 'dir/sub/moved' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('cannot be moved into itself');
    expect(await text(h.dir.resolve('dir', 'a.txt'))).toBe('a');
    expect(await exists(h.dir.resolve('dir', 'sub', 'moved'))).toBe(false);
  });

  it('reports a missing source', async () => {
    const h = await harness({});
    const result = await h.call('move_file', { source: 'ghost.txt', destination: 'other.txt' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('does not exist');
    expect(await exists(h.dir.resolve('other.txt'))).toBe(false);
  });
});

describe('copy_path', () => {
  it('copies a file byte for byte and leaves the source alone', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13, 0x41]);
    const h = await harness({ 'src.bin': bytes });
    const result = await h.call('copy_path', {
      source: h.dir.resolve('src.bin'),
      destination: h.dir.resolve('dst.bin')
    });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ type: 'file' });
    expect(await readFile(h.dir.resolve('dst.bin'))).toEqual(bytes);
    expect(await readFile(h.dir.resolve('src.bin'))).toEqual(bytes);
  });

  it('copies a file larger than one copy chunk exactly', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 31) % 251;
    const h = await harness({ 'big.bin': bytes });
    const result = await h.call('copy_path', { source: 'big.bin', destination: 'copy.bin' });
    expect(result.isError).toBe(false);
    expect((await readFile(h.dir.resolve('copy.bin'))).equals(bytes)).toBe(true);
  });

  it('refuses a directory without recursive and creates nothing', async () => {
    const h = await harness({ dir: { 'f.txt': 'f' } });
    const result = await h.call('copy_path', { source: 'dir', destination: 'copy' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('recursive');
    expect(await exists(h.dir.resolve('copy'))).toBe(false);
  });

  it('copies a directory tree with recursive, symlinks as links', async () => {
    const h = await harness({
      dir: { 'f.txt': 'f', inner: { 'g.txt': 'g' }, 'link.txt': { symlink: 'f.txt' } }
    });
    const result = await h.call('copy_path', { source: 'dir', destination: 'copy', recursive: true });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ type: 'directory' });
    expect(await text(h.dir.resolve('copy', 'f.txt'))).toBe('f');
    expect(await text(h.dir.resolve('copy', 'inner', 'g.txt'))).toBe('g');
    expect(await readlink(h.dir.resolve('copy', 'link.txt'))).toBe('f.txt');
    expect(await text(h.dir.resolve('dir', 'inner', 'g.txt'))).toBe('g');
  });

  it('refuses to copy a directory into itself, creating nothing', async () => {
    const h = await harness({ dir: { 'a.txt': 'a', sub: {} } });
    for (const destination of ['dir/sub/copy', 'dir/copy']) {
      const result = await h.call('copy_path', { source: 'dir', destination, recursive: true });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('cannot be copied into itself');
      expect(await exists(h.dir.resolve(destination))).toBe(false);
    }
  });

  it('names the missing parent of the destination', async () => {
    const h = await harness({ 'a.txt': 'A' });
    const result = await h.call('copy_path', { source: 'a.txt', destination: 'missing/b.txt' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('The parent directory of missing/b.txt does not exist');
    expect(await exists(h.dir.resolve('missing'))).toBe(false);
  });

  it('refuses an existing destination and leaves it unchanged', async () => {
    const h = await harness({ 'a.txt': 'A', 'b.txt': 'B', dir: { 'x.txt': 'x' }, other: { 'y.txt': 'y' } });
    const file = await h.call('copy_path', { source: 'a.txt', destination: 'b.txt' });
    expect(file.isError).toBe(true);
    expect(file.text).toContain('already exists');
    expect(await text(h.dir.resolve('b.txt'))).toBe('B');
    const directory = await h.call('copy_path', { source: 'dir', destination: 'other', recursive: true });
    expect(directory.isError).toBe(true);
    expect(await exists(h.dir.resolve('other', 'x.txt'))).toBe(false);
    expect(await text(h.dir.resolve('other', 'y.txt'))).toBe('y');
  });
});

describe('delete_path', () => {
  it('deletes a file', async () => {
    const h = await harness({ 'a.txt': 'A', 'b.txt': 'B' });
    const result = await h.call('delete_path', { path: h.dir.resolve('a.txt') });
    expect(result.isError).toBe(false);
    expect(result.structured).toEqual({ path: h.dir.resolve('a.txt'), type: 'file' });
    expect(await exists(h.dir.resolve('a.txt'))).toBe(false);
    expect(await exists(h.dir.resolve('b.txt'))).toBe(true);
  });

  it('deletes a symlink, never its target', async () => {
    const h = await harness({
      'target.txt': 'T',
      'link.txt': { symlink: 'target.txt' },
      dir: { 'k.txt': 'k' },
      dirlink: { symlink: 'dir' }
    });
    const file = await h.call('delete_path', { path: 'link.txt' });
    expect(file.structured).toMatchObject({ type: 'symlink' });
    expect(await exists(h.dir.resolve('link.txt'))).toBe(false);
    expect(await text(h.dir.resolve('target.txt'))).toBe('T');
    const directory = await h.call('delete_path', { path: 'dirlink', recursive: true });
    expect(directory.structured).toMatchObject({ type: 'symlink' });
    expect(await exists(h.dir.resolve('dirlink'))).toBe(false);
    expect(await text(h.dir.resolve('dir', 'k.txt'))).toBe('k');
  });

  it('deletes an empty directory without recursive', async () => {
    const h = await harness({ empty: {} });
    const result = await h.call('delete_path', { path: 'empty' });
    expect(result.structured).toMatchObject({ type: 'directory' });
    expect(await exists(h.dir.resolve('empty'))).toBe(false);
  });

  it('refuses a non-empty directory without recursive and deletes nothing', async () => {
    const h = await harness({ dir: { 'f.txt': 'f', sub: { 'g.txt': 'g' } } });
    const result = await h.call('delete_path', { path: h.dir.resolve('dir') });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('not empty');
    expect(result.text).toContain('recursive');
    expect(await text(h.dir.resolve('dir', 'f.txt'))).toBe('f');
    expect(await text(h.dir.resolve('dir', 'sub', 'g.txt'))).toBe('g');
  });

  it('deletes a non-empty directory with recursive', async () => {
    const h = await harness({ dir: { 'f.txt': 'f', sub: { 'g.txt': 'g' } }, keep: 'k' });
    const result = await h.call('delete_path', { path: h.dir.resolve('dir'), recursive: true });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({ type: 'directory' });
    expect(await exists(h.dir.resolve('dir'))).toBe(false);
    expect(await text(h.dir.resolve('keep'))).toBe('k');
  });

  it('refuses to delete the allowed directory itself', async () => {
    const h = await harness({ 'f.txt': 'f' });
    for (const path of [h.dir.path, '.', `${h.dir.path}/sub/..`]) {
      const result = await h.call('delete_path', { path, recursive: true });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('allowed directory');
    }
    expect(await text(h.dir.resolve('f.txt'))).toBe('f');
  });

  it('reports a missing path', async () => {
    const h = await harness({});
    const result = await h.call('delete_path', { path: 'ghost.txt' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('does not exist');
  });
});

describe('get_file_info', () => {
  it('describes a file', async () => {
    const h = await harness({ 'a.txt': 'hello' });
    const path = h.dir.resolve('a.txt');
    await chmod(path, 0o640);
    const stats = await stat(path);
    const result = await h.call('get_file_info', { path });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({
      path,
      realPath: path,
      type: 'file',
      size: 5,
      isFile: true,
      isDirectory: false,
      permissions: '640',
      mimeType: 'text/plain',
      modified: new Date(Math.floor(stats.mtimeMs)).toISOString()
    });
    expect(result.structured?.symlinkTarget).toBeUndefined();
    expect(Number.isNaN(Date.parse(String(result.structured?.created)))).toBe(false);
  });

  it('describes a directory', async () => {
    const h = await harness({ dir: { 'x.txt': 'x' } });
    const result = await h.call('get_file_info', { path: 'dir' });
    expect(result.structured).toMatchObject({ type: 'directory', isDirectory: true, isFile: false });
    expect(result.structured?.mimeType).toBeUndefined();
  });

  it('describes a symlink as a link, with its stored target and the target’s size', async () => {
    const h = await harness({ 'target.txt': '12345678', 'link.txt': { symlink: 'target.txt' } });
    const result = await h.call('get_file_info', { path: h.dir.resolve('link.txt') });
    expect(result.isError).toBe(false);
    expect(result.structured).toMatchObject({
      type: 'symlink',
      symlinkTarget: 'target.txt',
      realPath: h.dir.resolve('target.txt'),
      size: 8,
      isFile: true
    });
    // The text keeps the official server's seven fields (it follows the link); the link's own
    // details are in structuredContent.
    expect(result.text).toContain('isFile: true');
    expect(result.text).toContain('size: 8');
    expect(result.text).not.toContain('symlinkTarget');
  });

  it('describes a dangling symlink by the link itself', async () => {
    const h = await harness({ dangling: { symlink: 'nowhere.txt' } });
    const result = await h.call('get_file_info', { path: 'dangling' });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({
      type: 'symlink',
      symlinkTarget: 'nowhere.txt',
      realPath: h.dir.resolve('nowhere.txt'),
      isFile: false,
      isDirectory: false
    });
  });

  it('reports a missing path', async () => {
    const h = await harness({});
    const result = await h.call('get_file_info', { path: 'nope' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('does not exist');
  });
});

describe('read-only mode', () => {
  it('offers no write tools, marks every tool read-only, and still reads', async () => {
    const writable = await harness({});
    const writableNames = (await writable.client.listTools()).tools.map(tool => tool.name);
    for (const name of WRITE_TOOLS) expect(writableNames).toContain(name);

    const h = await harness({ 'a.txt': 'readable\n' }, { readOnly: true });
    const { tools } = await h.client.listTools();
    const names = tools.map(tool => tool.name);
    for (const name of WRITE_TOOLS) expect(names).not.toContain(name);
    expect(names).toContain('read_text_file');
    expect(names.length).toBe(writableNames.length - WRITE_TOOLS.length);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);

    const read = await h.call('read_text_file', { path: h.dir.resolve('a.txt') });
    expect(read.isError).toBe(false);
    expect(read.structured?.content).toBe('readable\n');
    const many = await h.call('read_multiple_files', { paths: ['a.txt'] });
    expect(many.structured?.files).toEqual([{ path: 'a.txt', content: 'readable\n', size: 9 }]);
    const listing = await h.call('list_directory', { path: h.dir.path });
    expect(listing.text).toContain('a.txt');
  });

  // get_file_info resolves with the `entry` intent (to describe a link itself); read-only mode must
  // refuse only writes.
  it('get_file_info still works in read-only mode', async () => {
    const h = await harness({ 'a.txt': 'readable\n' }, { readOnly: true });
    const info = await h.call('get_file_info', { path: 'a.txt' });
    expect(info.isError, info.text).toBe(false);
    expect(info.structured).toMatchObject({ type: 'file', size: 9 });
  });

  it('refuses a write tool called anyway, and changes nothing', async () => {
    const h = await harness({ 'a.txt': 'readable\n' }, { readOnly: true });
    const outcome = await h.call('write_file', { path: h.dir.resolve('a.txt'), content: 'x' }).then(
      result => result.isError,
      () => true
    );
    expect(outcome).toBe(true);
    expect(await text(h.dir.resolve('a.txt'))).toBe('readable\n');
  });
});
