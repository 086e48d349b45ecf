import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { connectStdioProcess, createTempDir, startHttpProcess } from '@mcpkit/testing';
import type { TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callTool } from './harness.js';

const BIN = join(import.meta.dirname, '../dist/bin/cli.js');

/** The built bin as a host runs it: positional directories, flags, env, both transports. */
describe('mcpkit-filesystem bin', () => {
  let dir: TempDir;

  beforeAll(async () => {
    dir = await createTempDir({ 'hello.txt': 'hello\n', '.env': 'TOKEN=abc\n', 'key.pem': 'secret\n' });
  });
  afterAll(() => dir.cleanup());

  it('exits with code 2 and names the directory when none of the given ones exists', () => {
    const run = spawnSync(process.execPath, [BIN, join(dir.path, 'missing')], {
      encoding: 'utf8',
      timeout: 15_000
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(join(dir.path, 'missing'));
  });

  it('serves over stdio with --read-only: write tools are not offered', async () => {
    const connection = await connectStdioProcess({
      command: process.execPath,
      args: [BIN, '--read-only', dir.path],
      era: 'modern'
    });
    try {
      const names = (await connection.client.listTools()).tools.map(tool => tool.name);
      expect(names).toContain('read_text_file');
      expect(names).not.toContain('write_file');
      expect(names).not.toContain('delete_path');
      const read = await callTool(connection.client, 'read_text_file', { path: 'hello.txt' });
      expect(read.text).toBe('hello\n');
    } finally {
      await connection.close();
    }
  });

  it('denies credential files with MCPKIT_FILESYSTEM_DENY_SECRETS=true', async () => {
    const connection = await connectStdioProcess({
      command: process.execPath,
      args: [BIN, dir.path],
      env: { MCPKIT_FILESYSTEM_DENY_SECRETS: 'true' },
      era: 'legacy'
    });
    try {
      const env = await callTool(connection.client, 'read_text_file', { path: '.env' });
      expect(env.isError).toBe(true);
      expect(env.text).toMatch(/deny list/);
      const pem = await callTool(connection.client, 'read_text_file', { path: 'key.pem' });
      expect(pem.isError).toBe(true);
      const listing = await callTool(connection.client, 'list_directory', { path: '.' });
      expect(listing.text).toContain('hello.txt');
      expect(listing.text).not.toContain('.env');
    } finally {
      await connection.close();
    }
  });

  it('starts without directories and says clearly that none is allowed', async () => {
    const connection = await connectStdioProcess({ command: process.execPath, args: [BIN], era: 'modern' });
    try {
      const read = await callTool(connection.client, 'read_text_file', { path: '/etc/hostname' });
      expect(read.isError).toBe(true);
      expect(read.text).toMatch(/No directory is allowed/);
    } finally {
      await connection.close();
    }
  });

  it('serves Streamable HTTP on loopback', async () => {
    const server = await startHttpProcess({ command: process.execPath, args: [BIN, dir.path] });
    const client = new Client({ name: 'cli-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(server.url));
      const read = await callTool(client, 'read_text_file', { path: 'hello.txt' });
      expect(read.text).toBe('hello\n');
    } finally {
      await client.close();
      expect(await server.stop()).toBe(0);
    }
  });
});
