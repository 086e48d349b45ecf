import { toolkit } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';

/** The memory server's define functions, its context type bound once. */
export const define = toolkit<MemoryContext>();
