import { createServer } from 'node:net';

import { createLogger } from '@mcpkit/observability';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createMcpkitServer } from '../server/create-server.js';
import { runCli } from './run-cli.js';
import type { CliSpec } from './run-cli.js';

/** A stand-in for `process`: records exits, stdout and stderr, and lets the test send signals. */
function fakeProcess(argv: string[]) {
  const signals = new Map<string, () => void>();
  const exits: number[] = [];
  let stderr = '';
  let stdout = '';
  const exited = new Promise<number>(resolve => {
    exits.push = (...codes: number[]) => {
      resolve(codes[0]!);
      return Array.prototype.push.apply(exits, codes);
    };
  });
  return {
    process: {
      argv: ['node', 'bin', ...argv],
      env: {},
      stderr: { write: (text: string) => ((stderr += text), true) },
      stdout: { write: (text: string) => ((stdout += text), true) },
      exit: (code?: number) => void exits.push(code ?? 0),
      once: (event: string, listener: () => void) => signals.set(event, listener)
    } as unknown as Parameters<typeof runCli>[1],
    signal: (name: string) => signals.get(name)?.(),
    exited,
    stderr: () => stderr,
    stdout: () => stdout
  };
}

const spec = <Options extends z.ZodObject>(options: Options): CliSpec<Options> => ({
  name: 'cli-test',
  version: '1.2.3',
  description: 'A test server.',
  envPrefix: 'CLI_TEST',
  options,
  create: (_options, runtime) =>
    Promise.resolve(
      createMcpkitServer(
        { name: 'cli-test', version: '1.2.3', tools: [] },
        { context: {}, ...runtime, logger: createLogger({ name: 'cli-test', level: 'silent' }) }
      )
    )
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('runCli', () => {
  it("applies the server's own cross-field rules and exits 2 naming the options", async () => {
    const options = z
      .object({
        include: z.string().max(10).optional().describe('Include'),
        exclude: z.string().max(10).optional().describe('Exclude')
      })
      .refine(value => !(value.include && value.exclude), {
        message: 'give --include or --exclude, not both',
        path: ['include']
      });
    const fake = fakeProcess(['--include', 'a', '--exclude', 'b']);
    await runCli(spec(options), fake.process);
    expect(await fake.exited).toBe(2);
    expect(fake.stderr()).toContain('--include (CLI_TEST_INCLUDE): give --include or --exclude, not both');
  });

  it('says in one plain line why the server could not start, then exits 1', async () => {
    const fake = fakeProcess([]);
    await runCli(
      {
        ...spec(z.object({})),
        create: () => Promise.reject(new Error('The SQLite driver could not be loaded: it is not installed.'))
      },
      fake.process
    );
    expect(await fake.exited).toBe(1);
    expect(fake.stderr().split('\n')[0]).toBe(
      'cli-test could not start: The SQLite driver could not be loaded: it is not installed.'
    );
  });

  it("keeps the MCP endpoint at /mcp even when the server has an option named 'path'", async () => {
    const port = await freePort();
    const fake = fakeProcess(['--transport', 'http', '--port', String(port), '--path', '/srv/data']);
    await runCli(spec(z.object({ path: z.string().max(100).describe('A data directory') })), fake.process);
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } }
      })
    });
    expect(response.status).toBe(200);
    fake.signal('SIGTERM');
    expect(await fake.exited).toBe(0);
  });

  it('prints the version and the help on stdout without starting anything', async () => {
    const fake = fakeProcess(['--version']);
    await runCli(spec(z.object({})), fake.process);
    expect(fake.stdout()).toBe('1.2.3\n');
    expect(fake.stderr()).toBe('');
    const help = fakeProcess(['--help']);
    await runCli(spec(z.object({})), help.process);
    expect(help.stdout()).toMatch(/A test server\.[\s\S]*--transport/);
  });
});
