import type { ServerResponse } from 'node:http';

/** Ends a response with a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Ends a response with a JSON-RPC error that answers no particular request (`id: null`). */
export function sendJsonRpcError(
  response: ServerResponse,
  error: { status: number; code: number; message: string }
): void {
  sendJson(response, error.status, {
    jsonrpc: '2.0',
    error: { code: error.code, message: error.message },
    id: null
  });
}
