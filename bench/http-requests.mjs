// The HTTP requests the benchmarks send: one place for the 2026-07-28 stateless tools/call (its
// headers and _meta envelope), so every benchmark measures the same request.

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
