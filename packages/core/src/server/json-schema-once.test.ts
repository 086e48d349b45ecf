import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { jsonSchemaOnce } from './json-schema-once.js';

/** A Standard Schema whose JSON Schema conversions are counted. */
function countingSchema() {
  const calls: string[] = [];
  const schema = {
    shape: { text: 'inherited' },
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value: unknown) => ({ value }),
      jsonSchema: {
        input: (options: { target: string }) => (
          calls.push(`input:${options.target}`),
          { type: 'object', properties: {} }
        ),
        output: (options: { target: string }) => (calls.push(`output:${options.target}`), { type: 'object' })
      }
    }
  };
  return { schema, calls };
}

describe('jsonSchemaOnce', () => {
  it('converts each schema once per direction and target, however many server instances ask', () => {
    const { schema, calls } = countingSchema();
    const first = jsonSchemaOnce(schema);
    expect(jsonSchemaOnce(schema)).toBe(first);
    const json = first['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
    for (let instance = 0; instance < 5; instance++) {
      expect(jsonSchemaOnce(schema)['~standard'].jsonSchema.input({ target: 'draft-2020-12' })).toBe(json);
      jsonSchemaOnce(schema)['~standard'].jsonSchema.output({ target: 'draft-2020-12' });
    }
    jsonSchemaOnce(schema)['~standard'].jsonSchema.input({ target: 'draft-07' });
    expect(calls).toEqual(['input:draft-2020-12', 'output:draft-2020-12', 'input:draft-07']);
    // Shared between instances, so frozen: a write would fail instead of changing them all.
    expect(Object.isFrozen(json)).toBe(true);
    expect(Object.isFrozen((json as { properties: object }).properties)).toBe(true);
  });

  it('keeps everything else of the schema: a zod object validates, parses and has its shape', async () => {
    const input = z.object({ text: z.string().max(5).describe('Some text') });
    const once = jsonSchemaOnce(input);
    expect(once.shape.text).toBe(input.shape.text);
    expect(once.parse({ text: 'hi' })).toEqual({ text: 'hi' });
    expect(once.safeParse({ text: 'too long' }).success).toBe(false);
    expect(await once['~standard'].validate({ text: 'hi' })).toEqual({ value: { text: 'hi' } });
    expect(once['~standard'].vendor).toBe('zod');
    expect(once['~standard'].jsonSchema.input({ target: 'draft-2020-12' })).toEqual(
      input['~standard'].jsonSchema.input({ target: 'draft-2020-12' })
    );
  });

  it('leaves a schema without Standard JSON Schema as it is', () => {
    const plain = { '~standard': { version: 1, vendor: 'old', validate: (value: unknown) => ({ value }) } };
    expect(jsonSchemaOnce(plain)).toBe(plain);
  });
});
