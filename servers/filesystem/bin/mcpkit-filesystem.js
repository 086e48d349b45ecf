#!/usr/bin/env node
// The bin as installed: the bundle that `pnpm build` writes (a file here from the start, so that
// installing the workspace links it before anything is built).
import '../dist/bin/cli.js';
