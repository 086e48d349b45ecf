// The HTTP servers and requests the benchmarks use: one place for starting a server on a free
// port and for the 2026-07-28 stateless tools/call (its headers and _meta envelope), so every
// benchmark measures the same request.
import { spawn } from 'node:child_process';

/** Spawns a node program that prints a `listening` JSON line with its url on stderr. */
export function startListening(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', chunk => {
      stderr += chunk;
      const line = stderr.split('\n').find(text => text.includes('"listening"'));
      if (line) {
        child.stderr.resume();
        resolve({ child, url: JSON.parse(line).url });
      }
    });
    child.once('exit', code => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

/** Headers of any Streamable HTTP POST. */
export const POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream'
};

/** A 2026-07-28 stateless tools/call of the echo tool: headers and JSON body. */
export function modernEchoCall(id) {
  return {
    headers: {
      ...POST_HEADERS,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'echo'
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: {
        name: 'echo',
        arguments: { text: 'hello' },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'mcpkit-bench', version: '0.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {}
        }
      }
    })
  };
}

/** A tools/call of the echo tool without the 2026-07-28 envelope (a 2025 session, the raw echo). */
export const echoCall = id =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'echo', arguments: { text: 'hello' } }
  });
