import { cursorArgument } from '@mcpkit/core';
import { z } from 'zod';

import { LIMITS, unstorable } from '../store/limits.js';

/** Text the store can keep: no NUL, no lone surrogate (both engines would refuse or corrupt them). */
const storable = (schema: z.ZodString) =>
  schema.superRefine((text, context) => {
    const problem = unstorable(text);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });

/** An entity name (the official server's key). */
export const entityName = storable(
  z
    .string()
    .min(1, 'a name must not be empty')
    .max(
      LIMITS.nameChars,
      `a name holds at most ${LIMITS.nameChars} characters: keep names short and put details in observations`
    )
);

/** One observation's text. */
export const observationText = storable(
  z
    .string()
    .max(
      LIMITS.observationChars,
      `an observation holds at most ${LIMITS.observationChars} characters: split longer text into several observations`
    )
);

/** An entity's or a relation's type. */
export const typeText = storable(
  z.string().max(LIMITS.typeChars, `a type holds at most ${LIMITS.typeChars} characters`)
);

/** Entities or relations per call. */
export const BATCH = 5000;
/** Observations per entity per call. */
export const OBSERVATIONS_PER_CALL = 5000;

export const entitySchema = z.object({
  name: entityName.describe('The name of the entity'),
  entityType: typeText.describe('The type of the entity'),
  observations: z
    .array(observationText)
    .max(OBSERVATIONS_PER_CALL)
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

export const names = (what: string) => z.array(entityName).max(BATCH).describe(what);

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
        observationCount: z.number().int().optional().describe('How many observations it has (summary mode)'),
        observationsFrom: z
          .number()
          .int()
          .optional()
          .describe('Index of the first observation shown, when the previous page showed the ones before it'),
        firstObservationContinued: z
          .literal(true)
          .optional()
          .describe('The first observation shown is the rest of the one the previous page cut'),
        observationsTruncated: z
          .literal(true)
          .optional()
          .describe('More of its observations follow on the next page (pass nextCursor)'),
        lastObservationContinues: z
          .literal(true)
          .optional()
          .describe('The last observation shown is cut here; the next page starts with the rest of it')
      })
    )
    .describe('Entities, in creation order (search: best match first)'),
  relations: z
    .array(relationSchema)
    .describe('Relations with an end among those entities (read_graph: every relation)'),
  nextCursor: z.string().optional().describe('Pass as cursor, with the same arguments, to get the next page'),
  truncated: z
    .literal(true)
    .optional()
    .describe(
      'More exists than this page shows: pass nextCursor for it. In search_nodes without nextCursor, only relations were left out: open_nodes lists every relation of the names it is given.'
    )
});

export type GraphOutput = z.output<typeof graphOutput>;

/** The arguments every paged graph read takes: where to continue, how much of each entity, and where. */
export const pagedReadArguments = {
  cursor: cursorArgument,
  mode: modeArgument,
  namespace: namespaceArgument
};
