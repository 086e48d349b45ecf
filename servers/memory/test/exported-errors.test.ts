import { describe, expect, it } from 'vitest';

import { unbrandedErrorClasses } from '@mcpkit/core';

import * as memory from '../src/index.js';

describe("memory's exported error classes", () => {
  it('each carry a brand of their own, so the dispatch boundary needs no mapping', () => {
    expect(unbrandedErrorClasses(memory)).toEqual([]);
  });
});
