import { describe, expect, it } from 'vitest';

import { REDACTED, redactText, redactValue } from './redact.js';

describe('redactText', () => {
  it.each([
    ['postgres://app:s3cret@db.local:5432/test', `postgres://app:${REDACTED}@db.local:5432/test`],
    ['mysql://root:hunter2@127.0.0.1/test?x=1', `mysql://root:${REDACTED}@127.0.0.1/test?x=1`],
    ['host=db user=app password=s3cret dbname=x', `host=db user=app password=${REDACTED} dbname=x`],
    ['Authorization: Bearer abcdefghijklmnop', `Authorization: Bearer ${REDACTED}`],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789', `token ${REDACTED}`],
    ['key AKIAABCDEFGHIJKLMNOP used', `key ${REDACTED} used`]
  ])('removes the secret from %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves text without secrets unchanged', () => {
    expect(redactText('read /tmp/a.txt in 3 ms')).toBe('read /tmp/a.txt in 3 ms');
  });
});

describe('redactValue', () => {
  it('replaces secret-named keys at any depth and strips credentials from URL keys', () => {
    const value = redactValue({
      config: { password: 'pw', apiKey: 'k', databaseUrl: 'postgres://u:pw@h/db', nested: [{ token: 't' }] }
    });
    expect(value).toEqual({
      config: {
        password: REDACTED,
        apiKey: REDACTED,
        databaseUrl: `postgres://u:${REDACTED}@h/db`,
        nested: [{ token: REDACTED }]
      }
    });
  });

  it('redacts error messages and causes and survives cycles', () => {
    const cause = new Error('connect postgres://u:pw@h/db failed');
    const error = new Error('query failed', { cause }) as Error & { self?: unknown };
    const cyclic: Record<string, unknown> = { error };
    cyclic.self = cyclic;
    const result = JSON.stringify(redactValue(cyclic));
    expect(result).not.toContain(':pw@');
    expect(result).toContain('[Circular]');
  });
});
