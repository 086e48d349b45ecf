// Drives a stdio server with raw newline-delimited JSON-RPC, so the measurement is the server's
// cost per call, not a client library's.
import { spawn } from 'node:child_process';

/** Spawns a stdio server and returns a function that sends one request and awaits its response. */
export function startStdio(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
  const pending = new Map();
  let buffer = '';
  child.stdout.on('data', chunk => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      const message = JSON.parse(line);
      const resolve = pending.get(message.id);
      if (resolve) {
        pending.delete(message.id);
        resolve(message);
      }
    }
  });
  let nextId = 1;
  const request = (method, params) =>
    new Promise(resolve => {
      const id = nextId++;
      pending.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  const notify = (method, params) =>
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  const stop = () =>
    new Promise(resolve => {
      child.once('exit', resolve);
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
  return { child, request, notify, stop };
}

export const INITIALIZE_PARAMS = {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'mcpkit-bench', version: '0.0.0' }
};
