import { toolkit } from '@mcpkit/core';

import type { FilesystemContext } from '../context.js';

/** The filesystem server's define functions, its context type bound once. */
export const define = toolkit<FilesystemContext>();
