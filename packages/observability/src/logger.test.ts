import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    }
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line) as Record<string, unknown>)
  };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level label, name and time', () => {
    const sink = capture();
    createLogger({ name: 'test', destination: sink.stream }).info({ tool: 'x' }, 'hello');
    const [line] = sink.lines();
    expect(line).toMatchObject({ level: 'info', name: 'test', msg: 'hello', tool: 'x' });
    expect(typeof line?.time).toBe('number');
  });

  it('never writes a secret from fields, messages or errors', () => {
    const sink = capture();
    const logger = createLogger({ name: 'test', destination: sink.stream });
    logger.info({ password: 'hunter2', url: 'postgres://a:hunter2@h/d' }, 'using postgres://a:hunter2@h/d');
    logger.error({ err: new Error('auth failed for token ghp_abcdefghijklmnopqrstuvwxyz0123') }, 'failed');
    const text = JSON.stringify(sink.lines());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123');
    expect(sink.lines()).toHaveLength(2);
  });

  it('redacts secrets in messages of bare errors, child bindings and interpolated objects', () => {
    const sink = capture();
    const logger = createLogger({ name: 'test', destination: sink.stream });
    logger.error(new Error('connect postgres://app:hunter2@db/prod'));
    logger.child({ password: 'hunter2', dsn: 'mysql://root:hunter2@h/d' }).info('child');
    logger.info('config %j', { password: 'hunter2' });
    expect(sink.lines()).toHaveLength(3);
    expect(JSON.stringify(sink.lines())).not.toContain('hunter2');
  });

  it('drops lines below the configured level', () => {
    const sink = capture();
    const logger = createLogger({ name: 'test', level: 'warn', destination: sink.stream });
    logger.info('quiet');
    logger.warn('loud');
    expect(sink.lines().map(line => line.msg)).toEqual(['loud']);
  });
});
