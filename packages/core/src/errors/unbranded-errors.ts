/**
 * The error classes among a module's exports that cannot be told apart by `isInstance`: each
 * exported subclass of Error must be an mcpkit error (`McpkitError` of `@mcpkit/core`, whose
 * `isInstance` works across copies of a package) declaring its own `static readonly brand`, and
 * no two may share a brand. A class without one answers `isInstance` for its parent's errors too
 * (the way every mcpkit error once passed for bad configuration). Returns what is wrong, by name.
 */
export function unbrandedErrorClasses(exports: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const brands = new Map<string, string>();
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== 'function' || !((value.prototype as unknown) instanceof Error)) continue;
    const type = value as unknown as { brand?: unknown; isInstance?: unknown };
    if (typeof type.isInstance !== 'function') {
      problems.push(`${name}: not an mcpkit error (extend McpkitError, ToolError or ConfigError)`);
    } else if (!Object.hasOwn(value, 'brand') || typeof type.brand !== 'string') {
      problems.push(`${name}: declares no static readonly brand of its own`);
    } else if (brands.has(type.brand)) {
      problems.push(`${name}: shares its brand "${type.brand}" with ${brands.get(type.brand)}`);
    } else {
      brands.set(type.brand, name);
    }
  }
  return problems;
}
