import { z } from 'zod';

import { envName, flagName } from './load-options.js';

/** Renders `--help` from the options schema: each flag, its environment variable, default and meaning. */
export function helpText(
  spec: { name: string; description: string; envPrefix: string; positionals?: string },
  schema: z.ZodObject
): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string; default?: unknown; enum?: unknown[] }>;
  };
  const lines = [
    spec.description,
    '',
    `Usage: ${spec.name} [options]${spec.positionals ? ` <${spec.positionals}...>` : ''}`,
    '',
    'Options (each also read from the environment variable shown, or from --config <file.json>):'
  ];
  for (const [key, property] of Object.entries(json.properties ?? {})) {
    if (key === spec.positionals) continue;
    const defaultValue =
      property.default === undefined ? '' : ` (default: ${JSON.stringify(property.default)})`;
    lines.push(`  ${flagName(key)}  [${envName(spec.envPrefix, key)}]${defaultValue}`);
    if (property.description) lines.push(`      ${property.description}`);
  }
  lines.push('  --config <file>  JSON object of options, e.g. {"port": 3000}', '  --help, --version');
  return lines.join('\n');
}
