/** The part of a Standard Schema (with Standard JSON Schema) the SDK reads. */
interface StandardWithJson {
  '~standard': {
    jsonSchema?: Record<'input' | 'output', (options: { target: string }) => unknown>;
  };
}

const wrapped = new WeakMap<object, object>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The schema as the SDK takes it, its JSON Schema converted once per process: the SDK converts a
 * tool's schemas for each server instance it is registered on, and a 2026-07-28 HTTP request is
 * served by an instance of its own, so that conversion was a tenth of every stateless call's CPU.
 * Everything else (validation, `shape`) is the schema's own: the wrapper inherits from it. The
 * JSON is frozen, so an SDK that wrote to it would fail loudly instead of changing every instance's.
 */
export function jsonSchemaOnce<S extends object>(schema: S): S {
  const known = wrapped.get(schema);
  if (known !== undefined) return known as S;
  const standard = (schema as Partial<StandardWithJson>)['~standard'];
  const convert = standard?.jsonSchema;
  if (standard === undefined || convert === undefined) return schema;
  const converted = new Map<string, unknown>();
  const once = (io: 'input' | 'output') => (options: { target: string }) => {
    const key = `${io}:${options.target}`;
    if (!converted.has(key)) converted.set(key, deepFreeze(convert[io](options)));
    return converted.get(key);
  };
  const result = Object.create(schema, {
    '~standard': { value: { ...standard, jsonSchema: { input: once('input'), output: once('output') } } }
  }) as S;
  wrapped.set(schema, result);
  return result;
}
