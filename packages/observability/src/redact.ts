/** The marker that replaces a secret wherever one is found. */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /pass(word|wd|phrase)?$|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key/i;
const URL_KEY = /(url|uri|dsn|connection[-_]?string)$/i;
const MAX_DEPTH = 8;

const MIGHT_HOLD_SECRET = /:\/\/|pass|pwd|bearer|basic|token|gh[pousr]_|github_pat_|xox|AKIA|eyJ/i;
const TEXT_RULES: readonly (readonly [RegExp, string])[] = [
  // scheme://user:password@host → scheme://user:[REDACTED]@host (DSNs, proxy URLs, git remotes)
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, `$1:${REDACTED}@`],
  // libpq / ODBC key=value strings: password=secret
  [/\b(password|pwd|passwd)=([^\s;&]+)/gi, `$1=${REDACTED}`],
  // HTTP credentials in free text
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Well-known token shapes (GitHub, Slack, AWS access keys, JWTs)
  [
    /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b/g,
    REDACTED
  ],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, REDACTED]
];

/**
 * Removes credentials from free text: passwords in URLs and DSNs, bearer tokens, well-known token
 * shapes. Use it on any string that may echo user configuration (error messages, connection URLs).
 */
export function redactText(text: string): string {
  // Nearly every logged string holds no secret: one cheap test spares it the five rules below.
  if (text.length < 8 || !MIGHT_HOLD_SECRET.test(text)) return text;
  let result = text;
  for (const [pattern, replacement] of TEXT_RULES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * Returns a copy of `value` safe to log: secret-named keys are replaced, URL-like values lose their
 * credentials, and every string is passed through {@link redactText}. Errors keep their name,
 * message, code and stack (all redacted). Cycles and depth beyond 8 are cut.
 */
export function redactValue(value: unknown): unknown {
  return redactAt(value, 0, new WeakSet());
}

function redactAt(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) return value.map(item => redactAt(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) && !URL_KEY.test(key) ? REDACTED : redactAt(entry, depth + 1, seen);
  }
  return copy;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const plain: Record<string, unknown> = {
    type: error.name,
    message: redactText(error.message),
    stack: error.stack === undefined ? undefined : redactText(error.stack)
  };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) plain.code = code;
  if (error.cause !== undefined) plain.cause = redactAt(error.cause, depth + 1, seen);
  return plain;
}
