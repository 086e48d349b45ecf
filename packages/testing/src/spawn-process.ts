import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import { createTestClient } from './connect.js';
import type { ClientSetup, Era, TestConnection } from './connect.js';

/** How to start a server process. */
export interface ProcessCommand {
  command: string;
  args?: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Spawns a built server bin over stdio and connects a real client to it in the given era. */
export async function connectStdioProcess(
  command: ProcessCommand & { era: Era; client?: ClientSetup }
): Promise<TestConnection & { stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: command.command,
    args: [...(command.args ?? [])],
    env: { ...(process.env as Record<string, string>), ...command.env },
    ...(command.cwd ? { cwd: command.cwd } : {}),
    stderr: 'pipe'
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = createTestClient(command.era, command.client);
  await client.connect(transport);
  return { client, close: () => client.close(), stderr: () => stderr };
}

/** A server process listening on a real loopback port. */
export interface HttpProcess {
  url: URL;
  /** The origin without the MCP path, e.g. `http://127.0.0.1:40123`. */
  baseUrl: string;
  child: ChildProcess;
  stderr(): string;
  /** Sends a signal (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns a server bin with `--transport http --port 0` and waits for its `listening` log line
 * (JSON on stderr) to learn the port. Rejects if the process exits or stays silent for 15 s.
 */
export async function startHttpProcess(command: ProcessCommand): Promise<HttpProcess> {
  const child = spawn(command.command, [...(command.args ?? []), '--transport', 'http', '--port', '0'], {
    env: { ...process.env, ...command.env },
    cwd: command.cwd,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`No "listening" line within 15 s. stderr:\n${stderr}`));
    }, 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of stderr.split('\n')) {
        if (!line.includes('"listening"')) continue;
        clearTimeout(timer);
        resolve(new URL((JSON.parse(line) as { url: string }).url));
        return;
      }
    });
    void exited.then(code => {
      clearTimeout(timer);
      reject(new Error(`Server exited with code ${code} before listening. stderr:\n${stderr}`));
    });
  });
  return {
    url,
    baseUrl: url.origin,
    child,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    }
  };
}
