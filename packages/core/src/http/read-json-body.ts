import type { IncomingMessage } from 'node:http';

/** The outcome of reading a request body. */
export type BodyResult =
  | { kind: 'ok'; body: unknown }
  | { kind: 'too_large'; limit: number }
  | { kind: 'invalid_json'; message: string };

/**
 * Reads and parses a JSON request body, stopping as soon as it passes `limit` bytes (whatever the
 * Content-Length claims) so an oversized or endless body never sits in memory.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return { kind: 'too_large', limit };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return { kind: 'too_large', limit };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { kind: 'ok', body: undefined };
  try {
    return { kind: 'ok', body: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid_json', message: (error as Error).message };
  }
}
