/** Where an error carries the brands of its class and every mcpkit class above it. */
const BRANDS = Symbol.for('mcpkit.error.brands');

/** The brands of a class and of its mcpkit ancestors: each class's own `brand`, nearest first. */
function brandsOf(target: object): string[] {
  const brands: string[] = [];
  for (
    let at: object | null = target;
    at !== null && at !== Error;
    at = Object.getPrototypeOf(at) as object | null
  ) {
    if (Object.hasOwn(at, 'brand')) brands.push((at as { brand: string }).brand);
  }
  return brands;
}

/**
 * The base of every error mcpkit throws on purpose. It carries a stable string `code` (for audit
 * lines, metrics and tests) and an optional `cause`. Check with `isInstance` rather than
 * `instanceof`: the check survives two copies of a package in one process.
 *
 * Every subclass declares its own `static readonly brand` (a unique string, say
 * `'mcpkit.memory.name-taken'`), so that `Subclass.isInstance(error)` is true for that class and
 * its own subclasses only. A class without one would answer for its parent's errors too;
 * `unbrandedErrorClasses` finds such a class among a package's exports.
 */
export class McpkitError extends Error {
  static readonly brand: string = 'mcpkit.error';
  readonly [BRANDS]: readonly string[];
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'McpkitError';
    this.code = code;
    this[BRANDS] = brandsOf(new.target);
  }

  /** True for an error of the class it is called on (or a subclass), from this or another copy of its package. */
  static isInstance<Instance>(
    this: { readonly brand: string; prototype: Instance },
    value: unknown
  ): value is Instance {
    if (typeof value !== 'object' || value === null) return false;
    const brands = (value as Record<symbol, unknown>)[BRANDS];
    return Array.isArray(brands) && brands.includes(this.brand);
  }
}
