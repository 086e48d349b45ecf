import { z } from 'zod';

/** PostgreSQL cannot store U+0000 in text, and SQLite's LIKE stops at it: refused on both. */
const storable = (schema: z.ZodString) =>
  schema.refine(text => !text.includes('\u0000'), {
    message: 'must not contain the NUL character (U+0000), which the store cannot keep: remove it'
  });

/** An entity name (the official server's key). */
export const entityName = storable(
  z
    .string()
    .min(1, 'a name must not be empty')
    .max(500, 'a name holds at most 500 characters: keep names short and put details in observations')
);
/** One observation's text. */
export const observationText = storable(
  z
    .string()
    .max(
      10_000,
      'an observation holds at most 10,000 characters: split longer text into several observations'
    )
);
/** An entity's or a relation's type. */
const typeText = storable(z.string().max(200, 'a type holds at most 200 characters'));

export const entitySchema = z.object({
  name: entityName.describe('The name of the entity'),
  entityType: typeText.describe('The type of the entity'),
  observations: z
    .array(observationText)
    .max(1000)
    .describe('An array of observation contents associated with the entity')
});

export const relationSchema = z.object({
  from: entityName.describe('The name of the entity where the relation starts'),
  to: entityName.describe('The name of the entity where the relation ends'),
  relationType: typeText.describe('The type of the relation')
});

/** Optional per-call namespace: a separate graph (e.g. per project). */
export const namespaceArgument = z
  .string()
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'lowercase letters, digits, _ and -, starting with a letter or digit, at most 64'
  )
  .optional()
  .describe('Which graph to use (default: the server’s namespace). Lowercase letters, digits, _ and -.');

export const names = (what: string) => z.array(entityName).max(5000).describe(what);

export const successOutput = z.object({
  success: z.boolean().describe('True when the operation completed'),
  message: z.string().describe('What was done')
});

/** How much of each entity a read returns: all of it, a summary, or just its name. */
export const modeArgument = z
  .enum(['full', 'summary', 'names'])
  .default('full')
  .describe(
    'full: observations included (the official shape); summary: name, type and observation count; names: names only. Lighter modes fit far more entities per page.'
  );

export const graphOutput = z.object({
  entities: z
    .array(
      z.object({
        name: z.string().describe('The name of the entity'),
        entityType: z.string().optional().describe('The type of the entity (full and summary modes)'),
        observations: z.array(z.string()).optional().describe('Its observations (full mode)'),
        observationCount: z.number().int().optional().describe('How many observations it has (summary mode)')
      })
    )
    .describe('Entities, in creation order (search: best match first)'),
  relations: z.array(relationSchema).describe('Relations touching those entities'),
  nextCursor: z.string().optional().describe('Pass as cursor to get the next page of entities'),
  truncated: z.boolean().optional().describe('True when more entities or relations exist than were returned')
});

export const BATCH = 5000;
