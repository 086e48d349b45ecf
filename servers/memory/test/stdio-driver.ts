import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** A server process driven with raw JSON-RPC lines (2025 handshake), for crash and race tests. */
export interface RawServer {
  child: ChildProcess;
  call(
    name: string,
    args: Record<string, unknown>
  ): Promise<{ isError?: boolean; structuredContent?: unknown }>;
  stop(): Promise<void>;
}

export async function startRaw(command: {
  args: string[];
  env?: Record<string, string>;
}): Promise<RawServer> {
  const child = spawn(process.execPath, command.args, {
    env: { ...process.env, ...command.env },
    stdio: ['pipe', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  type Reply = { result?: unknown; error?: unknown };
  const pending = new Map<number, { resolve(message: Reply): void; reject(error: Error): void }>();
  // When the process dies (the crash test kills it), every call still waiting fails, and writes
  // still queued for its stdin fail with EPIPE: that is the death already reported, not a new error.
  child.on('exit', () => {
    for (const waiting of pending.values())
      waiting.reject(new Error(`server exited: ${stderr.slice(-2000)}`));
    pending.clear();
  });
  child.stdin?.on('error', () => {});
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, index)) as {
        id?: number;
        result?: unknown;
        error?: unknown;
      };
      buffer = buffer.slice(index + 1);
      if (message.id !== undefined) pending.get(message.id)?.resolve(message);
      if (message.id !== undefined) pending.delete(message.id);
    }
  });
  let nextId = 1;
  const request = (method: string, params: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`server exited: ${stderr.slice(-2000)}`));
        return;
      }
      pending.set(id, { resolve, reject });
      child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await request('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'raw-test', version: '1' }
  });
  child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  return {
    child,
    async call(name, args) {
      const response = await request('tools/call', { name, arguments: args });
      if (response.error) throw new Error(JSON.stringify(response.error));
      return response.result as { isError?: boolean; structuredContent?: unknown };
    },
    stop: () =>
      new Promise(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      })
  };
}
