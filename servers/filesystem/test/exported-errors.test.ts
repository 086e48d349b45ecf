import { describe, expect, it } from 'vitest';

import { unbrandedErrorClasses } from '@mcpkit/core';

import * as filesystem from '../src/index.js';

describe("filesystem's exported error classes", () => {
  it('each carry a brand of their own', () => {
    expect(unbrandedErrorClasses(filesystem)).toEqual([]);
  });
});
