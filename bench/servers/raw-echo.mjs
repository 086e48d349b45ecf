// The physical limit: a newline-delimited JSON-RPC echo over stdio that parses each request and
// writes a result, with no protocol logic at all.
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin });
lines.on('line', line => {
  const request = JSON.parse(line);
  if (request.id === undefined) return;
  process.stdout.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: request.id, result: request.params ?? {} })}\n`
  );
});
