import { packageVersion } from '@mcpkit/core';

/** The package version, reported to clients: package.json's, the one place it is set. */
export const VERSION = packageVersion(import.meta.url);
