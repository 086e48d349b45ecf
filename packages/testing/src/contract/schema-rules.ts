/** A JSON Schema node as advertised in tools/list (the subset the rules read). */
export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
}

/**
 * Lists the input fields that break the tool contract: every field needs a description and a bound
 * (strings a maxLength, enum or const; numbers a minimum and maximum; arrays a maxItems), nested
 * objects and array items included. Returns human-readable findings, empty when all is well.
 */
export function findUnboundedFields(schema: JsonSchemaNode, path = ''): string[] {
  const findings: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const here = path ? `${path}.${name}` : name;
    if (!property.description?.trim()) findings.push(`${here}: no description`);
    findings.push(...boundFindings(property, here));
  }
  return findings;
}

function boundFindings(node: JsonSchemaNode, here: string): string[] {
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return variants.flatMap(variant => boundFindings(variant, here));
  if (node.enum !== undefined || node.const !== undefined) return [];
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  const findings: string[] = [];
  if (types.includes('string') && node.maxLength === undefined)
    findings.push(`${here}: string without maxLength`);
  if (types.includes('number') || types.includes('integer')) {
    if (node.minimum === undefined && node.exclusiveMinimum === undefined)
      findings.push(`${here}: number without minimum`);
    if (node.maximum === undefined && node.exclusiveMaximum === undefined)
      findings.push(`${here}: number without maximum`);
  }
  if (types.includes('array')) {
    if (node.maxItems === undefined) findings.push(`${here}: array without maxItems`);
    if (node.items) findings.push(...boundFindings(node.items, `${here}[]`));
  }
  if (types.includes('object')) findings.push(...findUnboundedFields(node, here));
  return findings;
}

/** A value of the wrong JSON type for a field, to provoke a validation error naming it. */
export function wrongTypeValue(node: JsonSchemaNode): unknown {
  const types = Array.isArray(node.type) ? node.type : [node.type ?? 'string'];
  return types.includes('string') ? { not: 'a string' } : 'definitely-the-wrong-type';
}
