/** The marker that replaces a secret wherever one is found. */
export const REDACTED = '[REDACTED]';

/** Strings longer than this are cut before they are logged (a log line never needs them whole). */
export const MAX_LOGGED_STRING = 8192;

const SECRET_KEY =
  /pass(word|wd|phrase)?$|^pwd$|secret|token|api[-_]?key|access[-_]?key|authorization|cookie|credential|private[-_]?key/i;
const URL_KEY = /(url|uri|dsn|connection[-_]?string)$/i;
const MAX_DEPTH = 8;

// Every rule is bounded (scheme, key and userinfo lengths) so no input can make it backtrack
// across the whole text: redaction stays linear however long or hostile a logged string is.
const MIGHT_HOLD_SECRET =
  /:\/\/|pass|pwd|secret|bearer|basic|token|key|auth|gh[pousr]_|github_pat_|xox|AKIA|eyJ/i;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@:"'`\\]{0,256}(?::[^\s"'`\\]{0,256})?)@/gi;
// `\\?` bridges the escaped quotes of a key inside a JSON string (`\"password\":\"…\"`); the value
// never starts with bearer/basic, which the token rule below handles with its credential.
const KEY_VALUE =
  /(?<![\w.-])([\w.-]{0,64}?(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|auth)[\w.-]{0,64})(\\?["']?\s{0,8}[:=]\s{0,8}\\?["']?)(?!(?:bearer|basic)\s)([^\s"'&;,}\\]{1,4096})/gi;
const TOKEN_RULES: readonly (readonly [RegExp, string])[] = [
  // HTTP credentials in free text
  [/\b(bearer|basic|token)(\s{1,8})[A-Za-z0-9._~+/=-]{8,4096}/gi, `$1$2${REDACTED}`],
  // Well-known token shapes (GitHub, Slack, AWS access keys, JWTs)
  [
    /\b(gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255}|xox[abposr]-[A-Za-z0-9-]{10,255}|AKIA[0-9A-Z]{16})\b/g,
    REDACTED
  ],
  [/\beyJ[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{8,2048}/g, REDACTED]
];

/**
 * Removes credentials from text without changing its shape: passwords in URLs and DSNs (and a
 * token used as a URL's user name), `key=value` / `"key": "value"` pairs whose key names a secret,
 * bearer/basic tokens, and well-known token shapes. Safe on JSON text: it never crosses a quote.
 */
export function redactSecrets(text: string): string {
  if (!MIGHT_HOLD_SECRET.test(text)) return text;
  let result = text.replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
    return `${scheme}${userinfo.length >= 16 ? REDACTED : userinfo}@`;
  });
  result = result.replace(
    KEY_VALUE,
    (_match, key: string, separator: string) => `${key}${separator}${REDACTED}`
  );
  for (const [pattern, replacement] of TOKEN_RULES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * {@link redactSecrets} for a string about to be logged, cut first to {@link MAX_LOGGED_STRING}
 * characters. Use it on any string that may echo user configuration (error messages, URLs).
 */
export function redactText(text: string): string {
  const cut =
    text.length > MAX_LOGGED_STRING
      ? `${text.slice(0, MAX_LOGGED_STRING)}…[${text.length - MAX_LOGGED_STRING} more characters]`
      : text;
  return redactSecrets(cut);
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
