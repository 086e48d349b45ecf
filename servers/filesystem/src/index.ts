// The public surface: what a program embedding the server needs (load the allowed directories,
// create the server), its options and the secret globs --deny-secrets adds.
export { SECRET_GLOBS, filesystemOptionsSchema } from './config.js';
export type { FilesystemOptions } from './config.js';
export { loadRoots } from './confine/allowed-roots.js';
export type { AllowedRoot, LoadedRoots } from './confine/allowed-roots.js';
export { createFilesystemContext } from './context.js';
export type { FilesystemContext, FilesystemContextOptions } from './context.js';
export { createFilesystemServer, filesystemDefinition } from './server.js';
