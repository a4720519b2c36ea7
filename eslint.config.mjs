// ESLint (flat config): typescript-eslint's recommended rules, plus the layer boundaries between
// our packages. `npm run lint`; CI runs it. Formatting is Prettier's job (`npm run format:check`).
import tseslint from 'typescript-eslint';

const testFiles = ['**/*.spec.ts', '**/fixtures/**', '**/__fixtures__/**', '**/testing/**', 'e2e/**', 'tools/**'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.nx/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/__fixtures__/bin/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The core is framework-free: never Nx, never the plugin (packages/handoff-core/src/layers.spec.ts
    // checks the layers inside the core).
    files: ['packages/handoff-core/**/*.ts', 'packages/templates/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nx/*', 'nx', 'nx/*'],
              message: 'the core never imports Nx: put Nx glue in packages/nx-handoff',
            },
            {
              group: ['nx-handoff', 'nx-handoff/*'],
              message: 'the core never imports the plugin (dependencies point one way)',
            },
          ],
        },
      ],
    },
  },
  {
    // The plugin reaches the core through its public entries only, never into its sources.
    files: ['packages/nx-handoff/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/handoff-core/src/**', '@nx-handoff/core/src/*'],
              message: 'import @nx-handoff/core (or /config, /ensure), not its source files',
            },
            { group: ['@nx/devkit/internal', '@nx/devkit/src/*'], message: 'use the public @nx/devkit API' },
          ],
        },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      // Specs may use the core's own test helpers.
      'no-restricted-imports': 'off',
    },
  },
);
