// The HTTP limit on this machine: a node:http server that reads a JSON-RPC POST, parses it and
// answers with a JSON result, with no protocol logic at all (what mcpkit's HTTP is held to).
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', chunk => chunks.push(chunk));
  request.on('end', () => {
    const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: message.id,
      result: { content: [{ type: 'text', text: 'hello' }], structuredContent: { text: 'hello' } }
    });
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body)
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stderr.write(
    `${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${server.address().port}/mcp` })}\n`
  );
});
