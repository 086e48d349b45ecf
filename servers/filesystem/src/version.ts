/** The package version, reported to clients. */
export const VERSION = '0.1.0';
