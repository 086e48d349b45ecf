import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ConfigError } from '../errors/config-error.js';
import { commonOptionsSchema } from './common-options.js';
import { envName, flagName, loadOptions } from './load-options.js';

const schema = commonOptionsSchema.extend({
  roots: z.array(z.string().max(100)).max(10).default([]).describe('Directories'),
  readOnly: z.boolean().default(false).describe('Refuse writes')
});

const load = (argv: string[], env: Record<string, string> = {}) =>
  loadOptions(schema, { argv, env, envPrefix: 'MCPKIT_T', positionals: 'roots' });

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadOptions', () => {
  it('applies defaults', () => {
    expect(load([]).options).toMatchObject({
      transport: 'stdio',
      host: '127.0.0.1',
      port: 3000,
      roots: [],
      readOnly: false
    });
  });

  it('reads flags, --flag=value, --no-flag, repeated and comma-separated arrays, and positionals', () => {
    const { options } = load([
      '--transport',
      'http',
      '--port=8080',
      '--read-only',
      '--allowed-hosts',
      'a,b',
      '--allowed-hosts',
      'c',
      '/x',
      '/y'
    ]);
    expect(options).toMatchObject({
      transport: 'http',
      port: 8080,
      readOnly: true,
      allowedHosts: ['a', 'b', 'c'],
      roots: ['/x', '/y']
    });
    expect(load(['--no-read-only']).options.readOnly).toBe(false);
  });

  it('lets argv win over env, and env over the config file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mcpkit-config-'));
    const file = join(directory, 'config.json');
    writeFileSync(file, JSON.stringify({ port: 1111, host: '127.0.0.2', logLevel: 'debug' }));
    const { options } = load(['--config', file, '--port', '3333'], {
      MCPKIT_T_PORT: '2222',
      MCPKIT_T_HOST: '127.0.0.3'
    });
    expect(options).toMatchObject({ port: 3333, host: '127.0.0.3', logLevel: 'debug' });
  });

  it('names the flag, the value and what is accepted', () => {
    const error = configError(() => load(['--port', 'abc']));
    expect(error.message).toContain('--port');
    expect(error.message).toContain('"abc"');
    expect(error.message).toMatch(/expected number/i);
  });

  it('names the environment variable when the bad value came from it', () => {
    const error = configError(() => load([], { MCPKIT_T_TRANSPORT: 'carrier-pigeon' }));
    expect(error.message).toContain('MCPKIT_T_TRANSPORT');
    expect(error.message).toContain('stdio');
    expect(error.message).toContain('http');
  });

  it('rejects unknown flags, missing values and bad config files clearly', () => {
    expect(configError(() => load(['--prot', '1'])).message).toContain('Unknown option --prot');
    expect(configError(() => load(['--port'])).message).toContain('--port needs a value');
    expect(configError(() => load(['--config', '/nonexistent/x.json'])).message).toContain(
      'Cannot read the config file'
    );
    const directory = mkdtempSync(join(tmpdir(), 'mcpkit-config-'));
    writeFileSync(join(directory, 'bad.json'), '{nope');
    expect(configError(() => load(['--config', join(directory, 'bad.json')])).message).toContain(
      'not valid JSON'
    );
    writeFileSync(join(directory, 'unknown.json'), '{"colour": "red"}');
    expect(configError(() => load(['--config', join(directory, 'unknown.json')])).message).toContain(
      '"colour"'
    );
  });

  it('reports --help and --version without validating', () => {
    expect(load(['--help', '--port', 'abc']).help).toBe(true);
    expect(load(['--version']).version).toBe(true);
  });

  it('derives flag and environment names from option keys', () => {
    expect(flagName('maxOutputBytes')).toBe('--max-output-bytes');
    expect(envName('MCPKIT_FS', 'maxOutputBytes')).toBe('MCPKIT_FS_MAX_OUTPUT_BYTES');
  });

  it('takes -h as help, and decimal numbers only', () => {
    expect(load(['-h']).help).toBe(true);
    expect(configError(() => load(['--port', '0x1f90'])).message).toContain('"0x1f90"');
    expect(configError(() => load(['--port', '8e3'])).message).toContain('"8e3"');
  });

  it('normalises host names and refuses ones that could never match a Host header', () => {
    expect(load(['--allowed-hosts', 'MCP.Example.COM,[::1]']).options.allowedHosts).toEqual([
      'mcp.example.com',
      '[::1]'
    ]);
    for (const bad of ['https://app.example.com', 'example.com:8080', 'example.com/path']) {
      expect(configError(() => load(['--allowed-hosts', bad])).message).toContain('bare host name');
    }
  });
});
