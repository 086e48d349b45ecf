import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import { byteLength } from '../budget/byte-length.js';
import { ToolError } from '../errors/tool-error.js';
import type { RequestCall } from '../tool/tool-call.js';

/**
 * The error boundary for resource reads, prompt gets and completions, whose failures are protocol
 * errors addressed to the host: a ToolError becomes `-32602` with its message and hint, a
 * ProtocolError passes through, anything else is logged and becomes `-32603` with a correlation id.
 * Results over the byte budget are refused rather than silently cut.
 */
export async function atProtocolBoundary<Result>(
  what: string,
  call: RequestCall<unknown>,
  work: () => Promise<Result> | Result
): Promise<Result> {
  let result: Result;
  try {
    result = await work();
  } catch (error) {
    if (ProtocolError.isInstance(error)) throw error;
    if (ToolError.isInstance(error)) {
      const message = error.hint === undefined ? error.message : `${error.message} ${error.hint}`;
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, message, { code: error.code });
    }
    call.logger.error({ err: error, what }, 'request failed with an unexpected error');
    throw new ProtocolError(
      ProtocolErrorCode.InternalError,
      `Internal error in ${what} (correlation id ${call.correlationId}).`
    );
  }
  const size = byteLength(result);
  if (size > call.maxOutputBytes) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `${what} produced ${size} bytes, over this server's ${call.maxOutputBytes}-byte output budget; use the server's tools to read it in parts.`
    );
  }
  return result;
}
