import { describe, expect, it } from 'vitest';

import { findUnboundedFields, wrongTypeValue } from './schema-rules.js';

describe('findUnboundedFields', () => {
  it('accepts described, bounded fields of every kind', () => {
    expect(
      findUnboundedFields({
        type: 'object',
        properties: {
          path: { type: 'string', maxLength: 4096, description: 'A path' },
          mode: { type: 'string', enum: ['a', 'b'], description: 'A mode' },
          limit: { type: 'integer', minimum: 1, maximum: 100, description: 'A limit' },
          tags: {
            type: 'array',
            maxItems: 10,
            items: { type: 'string', maxLength: 50 },
            description: 'Tags'
          },
          maybe: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }], description: 'Optional' }
        }
      })
    ).toEqual([]);
  });

  it('names every missing description and bound, nested ones included', () => {
    expect(
      findUnboundedFields({
        type: 'object',
        properties: {
          path: { type: 'string' },
          limit: { type: 'number', minimum: 0, description: 'x' },
          tags: { type: 'array', items: { type: 'string' }, description: 'x' },
          options: {
            type: 'object',
            description: 'x',
            properties: { depth: { type: 'integer', description: 'x' } }
          }
        }
      })
    ).toEqual([
      'path: no description',
      'path: string without maxLength',
      'limit: number without maximum',
      'tags: array without maxItems',
      'tags[]: string without maxLength',
      'options.depth: number without minimum',
      'options.depth: number without maximum'
    ]);
  });
});

describe('wrongTypeValue', () => {
  it('gives a non-string for string fields and a string otherwise', () => {
    expect(typeof wrongTypeValue({ type: 'string' })).toBe('object');
    expect(wrongTypeValue({ type: 'integer' })).toBe('definitely-the-wrong-type');
  });
});
