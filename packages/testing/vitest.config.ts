import { defineProject } from 'vitest/config';

export const config = defineProject({
  test: { name: 'testing', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] }
});

// eslint-disable-next-line no-restricted-syntax -- vitest loads the default export of its config file.
export default config;
