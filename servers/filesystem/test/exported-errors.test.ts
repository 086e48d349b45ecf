import { describe, expect, it } from 'vitest';

import { unbrandedErrorClasses } from '@mcpkit/core';

import * as filesystem from '../src/index.js';

describe("filesystem's exported error classes", () => {
  it('each carry a brand of their own', () => {
    expect(unbrandedErrorClasses(filesystem)).toEqual([]);
  });
});

describe("filesystem's public surface", () => {
  it('is exactly this list: what an embedding program needs, no internals (a new export is a deliberate change here)', () => {
    expect(Object.keys(filesystem).sort()).toEqual([
      'SECRET_GLOBS',
      'createFilesystemContext',
      'createFilesystemServer',
      'filesystemDefinition',
      'filesystemOptionsSchema',
      'loadRoots'
    ]);
  });
});
