import { describe, expect, it } from 'vitest';

import { MAX_LOGGED_STRING, REDACTED, redactSecrets, redactText, redactValue } from './redact.js';

describe('redactText', () => {
  it.each([
    ['postgres://app:s3cret@db.local:5432/test', `postgres://app:${REDACTED}@db.local:5432/test`],
    ['mysql://root:hunter2@127.0.0.1/test?x=1', `mysql://root:${REDACTED}@127.0.0.1/test?x=1`],
    ['postgres://app:p@ss@host/db', `postgres://app:${REDACTED}@host/db`],
    ['redis://:abc/def@h:6379', `redis://:${REDACTED}@h:6379`],
    ['https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/x.git', `https://${REDACTED}@github.com/x.git`],
    ['host=db user=app password=s3cret dbname=x', `host=db user=app password=${REDACTED} dbname=x`],
    ['DB_PASSWORD=s3cret PGPASSWORD=s3cret', `DB_PASSWORD=${REDACTED} PGPASSWORD=${REDACTED}`],
    ['{"password":"s3cret","user":"app"}', `{"password":"${REDACTED}","user":"app"}`],
    ['password: s3cret', `password: ${REDACTED}`],
    [
      'GET /cb?access_token=abc123&api_key=xyz&page=2',
      `GET /cb?access_token=${REDACTED}&api_key=${REDACTED}&page=2`
    ],
    ['pwd=ab', `pwd=${REDACTED}`],
    ['Authorization: Bearer abcdefghijklmnop', `Authorization: Bearer ${REDACTED}`],
    ['authorization: bearer abcdefghijklmnop', `authorization: bearer ${REDACTED}`],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789', `token ${REDACTED}`],
    ['key AKIAABCDEFGHIJKLMNOP used', `key ${REDACTED} used`]
  ])('removes the secret from %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves text without secrets unchanged', () => {
    expect(redactText('read /tmp/a.txt in 3 ms')).toBe('read /tmp/a.txt in 3 ms');
    expect(redactText('see https://example.com/docs')).toBe('see https://example.com/docs');
  });

  it('keeps JSON valid when a secret holds an escaped quote', () => {
    const line = JSON.stringify({ password: 'hun"ter2', url: 'postgres://u:p"w@h/d' });
    const redacted = redactSecrets(line);
    expect(() => JSON.parse(redacted) as unknown).not.toThrow();
    expect(redacted).not.toContain('hun');
  });

  it('cuts strings longer than the logging limit', () => {
    const text = redactText('x'.repeat(MAX_LOGGED_STRING + 10));
    expect(text.startsWith('x'.repeat(MAX_LOGGED_STRING))).toBe(true);
    expect(text).toContain('[10 more characters]');
  });

  // Regression: the URL rule once backtracked quadratically (100k characters took 14 s), which
  // let any client stall the server through a logged field. The bound is generous on purpose.
  it('stays linear on hostile input', () => {
    const hostile = [
      `token${'a'.repeat(200_000)}`,
      `${'a'.repeat(100_000)}://${'b'.repeat(100_000)}`,
      `password${'-'.repeat(200_000)}`,
      `eyJ${'a'.repeat(200_000)}`
    ];
    const started = performance.now();
    for (const text of hostile) redactSecrets(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('redactValue', () => {
  it('replaces secret-named keys at any depth and strips credentials from URL keys', () => {
    const value = redactValue({
      config: {
        password: 'pw',
        apiKey: 'k',
        pwd: 'p',
        databaseUrl: 'postgres://u:pw@h/db',
        nested: [{ token: 't' }]
      }
    });
    expect(value).toEqual({
      config: {
        password: REDACTED,
        apiKey: REDACTED,
        pwd: REDACTED,
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
