import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package shares: colocated unit tests and test/ integration tests, and a
 * JSON report per package that scripts/test-summary.mjs adds up into one closing line.
 */
export function packageTestConfig(name: string) {
  return defineConfig({
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.test-results/vitest.json' }
    }
  });
}
