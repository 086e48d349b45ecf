import { describe, expect, it } from 'vitest';

import { unbrandedErrorClasses } from '@mcpkit/core';

import * as memory from '../src/index.js';

describe("memory's exported error classes", () => {
  it('each carry a brand of their own, so the dispatch boundary needs no mapping', () => {
    expect(unbrandedErrorClasses(memory)).toEqual([]);
  });
});

describe("memory's public surface", () => {
  it('is exactly this list: what an embedding program needs, no internals (a new export is a deliberate change here)', () => {
    expect(Object.keys(memory).sort()).toEqual([
      'ExportExistsError',
      'LIMITS',
      'MissingEntitiesError',
      'NameTakenError',
      'SqliteUnavailableError',
      'StoreBusyError',
      'StoreTooNewError',
      'createMemoryContext',
      'createMemoryServer',
      'memoryDefinition',
      'memoryOptions',
      'openDatabase'
    ]);
  });
});
