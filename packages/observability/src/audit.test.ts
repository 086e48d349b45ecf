import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createAuditor } from './audit.js';
import { createLogger } from './logger.js';

describe('createAuditor', () => {
  it('writes exactly one line per tool call with the audit fields', () => {
    let output = '';
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString();
        callback();
      }
    });
    createAuditor(createLogger({ name: 'test', destination })).toolCall({
      tool: 'read_file',
      durationMs: 1.23456,
      outcome: 'tool_error',
      errorCode: 'NOT_FOUND',
      correlationId: 'c-1',
      era: 'modern',
      client: { name: 'inspector', version: '1.0.0' }
    });
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      audit: 'tool_call',
      tool: 'read_file',
      duration_ms: 1.235,
      outcome: 'tool_error',
      error_code: 'NOT_FOUND',
      correlation_id: 'c-1',
      era: 'modern',
      client_name: 'inspector',
      client_version: '1.0.0'
    });
  });
});
