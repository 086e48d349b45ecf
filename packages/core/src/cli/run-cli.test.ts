import { createServer } from 'node:net';

import { createLogger } from '@mcpkit/observability';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { ConfigError } from '../errors/config-error.js';
import { McpkitError } from '../errors/mcpkit-error.js';
import { createMcpkitServer } from '../server/create-server.js';
import type { ServableServer } from '../server/create-server.js';
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
      on: (event: string, listener: () => void) => signals.set(event, listener)
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

/** The spec, with a server whose close never finishes (a store that hangs, say). */
const hanging = () => ({
  ...spec(z.object({})),
  create: async (...args: Parameters<CliSpec<z.ZodObject<Record<string, never>>>['create']>) => {
    const server: ServableServer = await spec(z.object({})).create(...args);
    return Object.assign(server, { close: () => new Promise<void>(() => undefined) });
  }
});

const initialize = (port: number) =>
  fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } }
    })
  });

afterEach(() => {
  vi.useRealTimers();
});

/** runCli serving HTTP on a free port, with extra arguments: the fake process and the port. */
async function servingHttp<Options extends z.ZodObject>(cli: CliSpec<Options>, extra: string[] = []) {
  const port = await freePort();
  const fake = fakeProcess(['--transport', 'http', '--port', String(port), ...extra]);
  await runCli(cli, fake.process);
  return { fake, port };
}

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

  it('tells bad configuration (exit 2) from any other mcpkit error while starting (exit 1)', async () => {
    const failing = (error: Error) => ({ ...spec(z.object({})), create: () => Promise.reject(error) });
    const config = fakeProcess([]);
    await runCli(failing(new ConfigError('--root must be a directory.')), config.process);
    expect(await config.exited).toBe(2);
    expect(config.stderr()).toBe('cli-test: --root must be a directory.\n');
    const other = fakeProcess([]);
    await runCli(
      failing(new McpkitError('STORE_TOO_NEW', 'The store is newer than this server.')),
      other.process
    );
    expect(await other.exited).toBe(1);
    expect(other.stderr().split('\n')[0]).toBe(
      'cli-test could not start: The store is newer than this server.'
    );
  });

  it("keeps the MCP endpoint at /mcp even when the server has an option named 'path'", async () => {
    const { fake, port } = await servingHttp(
      spec(z.object({ path: z.string().max(100).describe('A data directory') })),
      ['--path', '/srv/data']
    );
    const response = await initialize(port);
    expect(response.status).toBe(200);
    fake.signal('SIGTERM');
    expect(await fake.exited).toBe(0);
  });

  it('ends at once, with 128 + the signal, when asked to stop a second time while closing', async () => {
    const { fake, port } = await servingHttp(hanging());
    expect((await initialize(port)).status).toBe(200);
    fake.signal('SIGTERM');
    fake.signal('SIGINT');
    expect(await fake.exited).toBe(130);
  });

  it("hands the common --max-output-bytes to the server's create with the runtime", async () => {
    let seen: number | undefined;
    const { fake } = await servingHttp(
      {
        ...spec(z.object({})),
        create: (options, runtime) => {
          seen = runtime.maxOutputBytes;
          return spec(z.object({})).create(options, runtime);
        }
      },
      ['--max-output-bytes', '54321']
    );
    expect(seen).toBe(54_321);
    fake.signal('SIGTERM');
    expect(await fake.exited).toBe(0);
  });

  it('ends on SIGHUP as on SIGTERM', async () => {
    const { fake } = await servingHttp(spec(z.object({})));
    fake.signal('SIGHUP');
    expect(await fake.exited).toBe(0);
  });

  it('exits 1 when closing takes longer than its deadline', async () => {
    const { fake } = await servingHttp(hanging());
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    fake.signal('SIGTERM');
    // The HTTP drain (10 s) passes, then the close that never ends meets the deadline.
    await vi.advanceTimersByTimeAsync(14_000);
    expect(await Promise.race([fake.exited, Promise.resolve('running')])).toBe('running');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await fake.exited).toBe(1);
  });

  it('says in one line, without a stack, that the port is in use and which option changes it', async () => {
    const taken = createServer();
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const fake = fakeProcess(['--transport', 'http', '--port', String(port)]);
      await runCli(spec(z.object({})), fake.process);
      expect(await fake.exited).toBe(1);
      expect(fake.stderr()).toBe(
        `cli-test could not start: port ${port} on 127.0.0.1 is in use; pick another with --port (or CLI_TEST_PORT), or 0 for any free port.\n`
      );
    } finally {
      await new Promise(resolve => taken.close(resolve));
    }
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
