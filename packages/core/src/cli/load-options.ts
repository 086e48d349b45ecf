import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { ConfigError } from '../errors/config-error.js';

/** Where a server's options come from; later sources win. */
export interface OptionSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Prefix of the environment variables, e.g. `MCPKIT_FILESYSTEM` → `MCPKIT_FILESYSTEM_PORT`. */
  envPrefix: string;
  /** The option that receives positional arguments (an array option), if any. */
  positionals?: string;
}

/** Options as loaded, plus the two requests that are not options. */
export interface LoadedOptions<T> {
  options: T;
  help: boolean;
  version: boolean;
}

type PropertyKind = 'string' | 'number' | 'boolean' | 'array';
type Source = { label: string; value: unknown };

/** `maxOutputBytes` → `--max-output-bytes`. */
export const flagName = (key: string): string =>
  `--${key.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;
/** `maxOutputBytes` with prefix `MCPKIT_FS` → `MCPKIT_FS_MAX_OUTPUT_BYTES`. */
export const envName = (prefix: string, key: string): string =>
  `${prefix}_${key.replace(/[A-Z]/g, letter => `_${letter}`).toUpperCase()}`;

/**
 * Loads a server's options with precedence defaults < `--config` JSON file < environment < argv,
 * validates them with `schema`, and explains any failure as a {@link ConfigError} naming the option,
 * where the value came from, the value, and what is accepted.
 */
export function loadOptions<Schema extends z.ZodObject>(
  schema: Schema,
  sources: OptionSources
): LoadedOptions<z.output<Schema>> {
  const kinds = propertyKinds(schema);
  const fromArgv = parseArgv(sources.argv, kinds, sources.positionals);
  if (fromArgv.help || fromArgv.version)
    return { options: {} as z.output<Schema>, help: fromArgv.help, version: fromArgv.version };
  const configPath = fromArgv.config ?? sources.env[`${sources.envPrefix}_CONFIG`];
  const merged = new Map<string, Source>();
  if (configPath !== undefined) {
    for (const [key, value] of Object.entries(readConfigFile(configPath, kinds))) {
      merged.set(key, { label: `"${key}" in ${configPath}`, value });
    }
  }
  for (const key of kinds.keys()) {
    const name = envName(sources.envPrefix, key);
    const raw = sources.env[name];
    if (raw !== undefined && raw !== '') merged.set(key, { label: name, value: raw });
  }
  for (const [key, value] of fromArgv.values) merged.set(key, { label: flagName(key), value });

  const input: Record<string, unknown> = {};
  for (const [key, source] of merged) input[key] = coerce(source.value, kinds.get(key) ?? 'string');
  const parsed = schema.safeParse(input);
  if (parsed.success) return { options: parsed.data, help: false, version: false };
  const problems = parsed.error.issues.map(issue => {
    const key = String(issue.path[0] ?? '');
    if (key === '') return `Invalid options: ${issue.message}.`;
    const source = merged.get(key);
    const where = source?.label ?? `${flagName(key)} (or ${envName(sources.envPrefix, key)})`;
    const received = source === undefined ? 'nothing' : JSON.stringify(source.value);
    return `Invalid ${where}: received ${received}; ${issue.message}.`;
  });
  throw new ConfigError(problems.join('\n'));
}

/**
 * Explains validation issues that span options (a server's cross-field rules) by naming the
 * options involved with their flags and environment variables.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], envPrefix: string): string {
  return issues
    .map(issue => {
      const key = issue.path[0];
      const where = typeof key === 'string' ? ` ${flagName(key)} (${envName(envPrefix, key)})` : ' options';
      return `Invalid${where}: ${issue.message}.`;
    })
    .join('\n');
}

function propertyKinds(schema: z.ZodObject): Map<string, PropertyKind> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string }>;
  };
  const kinds = new Map<string, PropertyKind>();
  for (const [key, property] of Object.entries(json.properties ?? {})) {
    const type = property.type;
    kinds.set(
      key,
      type === 'number' || type === 'integer'
        ? 'number'
        : type === 'boolean'
          ? 'boolean'
          : type === 'array'
            ? 'array'
            : 'string'
    );
  }
  return kinds;
}

interface ParsedArgv {
  values: Map<string, unknown>;
  config?: string;
  help: boolean;
  version: boolean;
}

function parseArgv(
  argv: readonly string[],
  kinds: Map<string, PropertyKind>,
  positionals?: string
): ParsedArgv {
  const byFlag = new Map([...kinds.keys()].map(key => [flagName(key), key]));
  const result: ParsedArgv = { values: new Map(), help: false, version: false };
  const append = (key: string, value: string) => {
    const previous = result.values.get(key);
    const items = value.split(',').filter(item => item.length > 0);
    result.values.set(key, [...(Array.isArray(previous) ? (previous as string[]) : []), ...items]);
  };
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === '--') {
      positional.push(...argv.slice(index + 1));
      break;
    }
    if (token === '-h') {
      result.help = true;
      continue;
    }
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    const [flag, inline] = splitFlag(token);
    if (flag === '--help') result.help = true;
    else if (flag === '--version') result.version = true;
    else if (flag === '--config') result.config = inline ?? takeValue(argv, ++index, flag);
    else if (flag.startsWith('--no-') && kinds.get(byFlag.get(`--${flag.slice(5)}`) ?? '') === 'boolean') {
      result.values.set(byFlag.get(`--${flag.slice(5)}`) as string, false);
    } else {
      const key = byFlag.get(flag);
      if (key === undefined) {
        throw new ConfigError(`Unknown option ${flag}. Run with --help to list the accepted options.`);
      }
      const kind = kinds.get(key);
      if (kind === 'boolean') result.values.set(key, inline ?? true);
      else if (kind === 'array') append(key, inline ?? takeValue(argv, ++index, flag));
      else result.values.set(key, inline ?? takeValue(argv, ++index, flag));
    }
  }
  if (positional.length > 0) {
    if (positionals === undefined) {
      throw new ConfigError(
        `Unexpected argument "${positional[0]}". This server takes no positional arguments; see --help.`
      );
    }
    // Positional values are taken whole: a directory name may contain a comma.
    const previous = result.values.get(positionals);
    result.values.set(positionals, [
      ...(Array.isArray(previous) ? (previous as string[]) : []),
      ...positional
    ]);
  }
  return result;
}

function splitFlag(token: string): [string, string | undefined] {
  const equals = token.indexOf('=');
  return equals === -1 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
}

function takeValue(argv: readonly string[], index: number, flag: string): string {
  const value = argv[index];
  if (value === undefined || value.startsWith('--')) throw new ConfigError(`Option ${flag} needs a value.`);
  return value;
}

function readConfigFile(path: string, kinds: Map<string, PropertyKind>): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the config file ${path}: ${(error as Error).message}.`, {
      cause: error
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The config file ${path} is not valid JSON: ${(error as Error).message}.`, {
      cause: error
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`The config file ${path} must hold a JSON object of options, e.g. {"port": 3000}.`);
  }
  const unknown = Object.keys(data).filter(key => !kinds.has(key));
  if (unknown.length > 0) {
    throw new ConfigError(
      `Unknown option "${unknown[0]}" in ${path}. Accepted: ${[...kinds.keys()].join(', ')}.`
    );
  }
  return data as Record<string, unknown>;
}

function coerce(value: unknown, kind: PropertyKind): unknown {
  if (typeof value !== 'string') return value;
  // Plain decimals only: '0x1f90' or '8e3' as a port would be a surprise, not a convenience.
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (kind === 'boolean')
    return /^(true|1|yes)$/i.test(value) ? true : /^(false|0|no)$/i.test(value) ? false : value;
  if (kind === 'array') return value.split(',').filter(item => item.length > 0);
  return value;
}
