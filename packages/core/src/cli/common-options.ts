import { z } from 'zod';

import { LOG_LEVELS } from '@mcpkit/observability';

/** A bare host name (or bracketed IPv6 address) as HTTP Host/Origin checks compare them. */
const hostName = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^([^\s/:@[\]]+|\[[0-9a-fA-F:.]+\])$/,
    'give a bare host name without scheme, port or path, e.g. mcp.example.com'
  )
  .transform(name => name.toLowerCase());

import { DEFAULT_MAX_REQUEST_BYTES } from '../http/limits.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../server/create-server.js';

/** The options every mcpkit server's command line accepts, before its own. */
export const commonOptionsSchema = z.object({
  transport: z
    .enum(['stdio', 'http'])
    .default('stdio')
    .describe('How clients connect: stdio (launched by a host) or http (Streamable HTTP endpoint at /mcp).'),
  host: z.string().min(1).max(255).default('127.0.0.1').describe('Interface to bind with --transport http.'),
  port: z
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(3000)
    .describe('Port for --transport http (0 picks a free one).'),
  allowRemote: z
    .boolean()
    .default(false)
    .describe(
      'Allow binding a non-loopback interface. There is no auth layer yet: only behind a trusted proxy.'
    ),
  allowedHosts: z
    .array(hostName)
    .max(64)
    .default([])
    .describe('Extra Host header names accepted over HTTP (DNS-rebinding protection), comma-separated.'),
  allowedOrigins: z
    .array(hostName)
    .max(64)
    .default([])
    .describe('Extra browser Origin host names accepted over HTTP, comma-separated.'),
  maxRequestBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1_048_576)
    .default(DEFAULT_MAX_REQUEST_BYTES)
    .describe('Largest HTTP request body in bytes; larger ones are refused with 413.'),
  maxOutputBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1_048_576)
    .default(DEFAULT_MAX_OUTPUT_BYTES)
    .describe('Byte budget for each rendering of a tool result; larger results paginate or are cut.'),
  logLevel: z.enum(LOG_LEVELS).default('info').describe('Minimum level of the JSON logs written to stderr.')
});

export type CommonOptions = z.output<typeof commonOptionsSchema>;
