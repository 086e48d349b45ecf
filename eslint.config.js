// One lint configuration for the whole workspace. Each package runs `eslint .` and inherits this file.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      'max-params': ['error', 3],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (see STYLE.md).' }
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@mcpkit/*/src', '@mcpkit/*/src/*', '../../packages/*', '../../servers/*'],
              message:
                "Import another package through its public entry point ('@mcpkit/core'), never its src."
            }
          ]
        }
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // An API the SDK or Node marked deprecated is one a later version removes.
      '@typescript-eslint/no-deprecated': 'error',
      // A switch over a union handles every member (a new member is a compile-time finding).
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }
      ]
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' }
  },
  {
    // Code that ships inside a server: stdout is the stdio protocol channel.
    files: ['packages/*/src/**/*.ts', 'servers/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'stdout',
          message: 'stdout carries the MCP stdio protocol; log through @mcpkit/observability (stderr).'
        }
      ]
    }
  },
  {
    // The filesystem server's confinement chokepoint: only src/confine touches paths; tools, walkers
    // and matchers reach the disk through the Sandbox (types may still be imported).
    files: ['servers/filesystem/src/**/*.ts'],
    ignores: ['servers/filesystem/src/confine/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'fs', 'fs/promises'].map(name => ({
            name,
            allowTypeImports: true,
            message: 'Reach the disk through the Sandbox (src/confine): it is the single path chokepoint.'
          })),
          patterns: [
            {
              group: ['@mcpkit/*/src', '@mcpkit/*/src/*', '../../packages/*', '../../servers/*'],
              message:
                "Import another package through its public entry point ('@mcpkit/core'), never its src."
            }
          ]
        }
      ]
    }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off'
    }
  },
  prettier
);
