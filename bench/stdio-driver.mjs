// Drives a stdio server with raw newline-delimited JSON-RPC, so the measurement is the server's
// cost per call, not a client library's.
import { spawn } from 'node:child_process';

/** Spawns a stdio server and returns a function that sends one request and awaits its response. */
export function startStdio(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const pending = new Map();
  let buffer = '';
  // The last of what the server said on stderr: what a bench that fails reports.
  let stderr = '';
  child.stderr.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  // A server that dies (or never starts) fails every request waiting on it, saying why.
  const fail = reason => {
    const error = new Error(
      `${command} ${args.join(' ')}: ${reason}\n${stderr.trim().split('\n').slice(-10).join('\n')}`
    );
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  child.once('error', error => fail(`could not start (${error.message})`));
  child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) with requests unanswered`));
  child.stdout.on('data', chunk => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      const message = JSON.parse(line);
      const waiting = pending.get(message.id);
      if (waiting) {
        pending.delete(message.id);
        waiting.resolve(message);
      }
    }
  });
  let nextId = 1;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`${command} has exited:\n${stderr.trim()}`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  const notify = (method, params) =>
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  const stop = () =>
    new Promise(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
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
