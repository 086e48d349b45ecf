import { defineConfig } from 'vitest/config';

// Runs every package's tests in one process tree (`pnpm vitest`); CI runs them per package through turbo.
export const config = defineConfig({
  test: {
    projects: ['packages/*', 'servers/*', 'apps/*']
  }
});

// eslint-disable-next-line no-restricted-syntax -- vitest loads the default export of its config file.
export default config;
