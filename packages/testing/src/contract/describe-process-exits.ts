import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

import { afterEach, describe, expect, it } from 'vitest';

import type { ProcessCommand } from '../spawn-process.js';

/** How long a server may take to end once its way out came (generous: CI runs turbo in parallel). */
const EXIT_WITHIN_MS = 15_000;

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'mcpkit-exit-test', version: '0.0.0' }
  }
};

/**
 * A host, as Claude Desktop or an IDE is one: it starts the server with all three stdio streams as
 * pipes, initializes it, prints the server's pid, then waits to be killed.
 */
const HOST = `
const { spawn } = require('node:child_process');
const [command, ...args] = JSON.parse(process.argv[1]);
const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
server.stdout.once('data', () => process.stdout.write(String(server.pid) + '\\n'));
server.stderr.on('data', () => undefined);
server.stdin.write(process.argv[2] + '\\n');
setInterval(() => undefined, 60_000);
`;

export interface ProcessExitsOptions {
  /** Label for the describe block. */
  name: string;
  /** The server's bin over stdio, ready to serve (its own arguments included). */
  command: ProcessCommand;
  /** A tool call the server answers and logs (an audit line): a write to stdout and to stderr. */
  loggedCall: { name: string; arguments: Record<string, unknown> };
}

/** Resolves with how the process ended, or rejects when it is still running after `ms`. */
function ended(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${ms} ms later`)), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Whether a pid is still a running process (signal 0 tests without sending). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

/** Resolves with the first line a stream gives. */
function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end < 0) return;
      stream.off('data', onData);
      resolve(text.slice(0, end));
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`the stream ended before a line; it gave: ${text}`)));
  });
}

/**
 * Checks that a stdio server ends, within a bounded time, by every way a host can leave it: the
 * host SIGKILLed (its stdin ends and both output pipes break at once), stdin ending, SIGTERM,
 * SIGINT or SIGHUP while nobody reads its stderr any more, and a broken stdout or stderr found on
 * the next write. An orphan that outlives its host keeps files, ports and databases busy.
 */
export function describeProcessExits(options: ProcessExitsOptions): void {
  const { command } = options;
  const call = (id: number) =>
    `${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: options.loggedCall })}\n`;
  const argv = [command.command, ...(command.args ?? [])];
  const children: ChildProcess[] = [];
  const pids: number[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  /** The server under test, with pipes this test holds; answered its initialize already. */
  async function started(): Promise<ChildProcess> {
    const child = spawn(command.command, [...(command.args ?? [])], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...command.env },
      ...(command.cwd === undefined ? {} : { cwd: command.cwd })
    });
    children.push(child);
    child.stderr?.on('data', () => undefined);
    const answered = firstLine(child.stdout as NodeJS.ReadableStream);
    child.stdin?.write(`${JSON.stringify(INITIALIZE)}\n`);
    await answered;
    return child;
  }

  /** Closes this end of the server's stderr: its next log line meets EPIPE. */
  async function breakStderr(child: ChildProcess): Promise<void> {
    child.stderr?.destroy();
    await new Promise(resolve => setTimeout(resolve, 50));
  }

  describe(`${options.name}: the process ends when its host does`, () => {
    it('ends when its host is SIGKILLed while its stderr is a pipe to that host', async () => {
      const host = spawn(process.execPath, ['-e', HOST, JSON.stringify(argv), JSON.stringify(INITIALIZE)], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ...command.env },
        ...(command.cwd === undefined ? {} : { cwd: command.cwd })
      });
      children.push(host);
      const pid = Number(await firstLine(host.stdout as NodeJS.ReadableStream));
      pids.push(pid);
      expect(alive(pid)).toBe(true);
      host.kill('SIGKILL');
      expect(await gone(pid, EXIT_WITHIN_MS), `server ${pid} outlived its host`).toBe(true);
    });

    it('ends when its stdin ends while nobody reads its stderr', async () => {
      const child = await started();
      await breakStderr(child);
      child.stdin?.end();
      await expect(ended(child, EXIT_WITHIN_MS)).resolves.toBeDefined();
    });

    it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
      'ends on %s while nobody reads its stderr, its stdin still open',
      async signal => {
        const child = await started();
        await breakStderr(child);
        child.kill(signal);
        await expect(ended(child, EXIT_WITHIN_MS)).resolves.toBeDefined();
      }
    );

    it('ends when its stdout breaks, at the next answer it writes', async () => {
      const child = await started();
      child.stdout?.destroy();
      await new Promise(resolve => setTimeout(resolve, 50));
      child.stdin?.write(call(2));
      await expect(ended(child, EXIT_WITHIN_MS)).resolves.toBeDefined();
    });

    it('ends when its stderr breaks, at the next line it logs', async () => {
      const child = await started();
      await breakStderr(child);
      child.stdin?.write(call(2));
      child.stdin?.write(call(3));
      await expect(ended(child, EXIT_WITHIN_MS)).resolves.toBeDefined();
    });
  });
}
