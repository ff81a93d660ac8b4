// Flat config: typescript-eslint's recommended rules on every package; type-aware rules
// stay in `tsc` (typecheck step) to keep lint fast on 2 cores.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/.next-*/**',
      '**/dist/**',
      '**/generated/**',
      '.tools/**',
      '.data/**',
      'bench/out/**',
      'artifacts/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: use the safe expression library.' },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'No new Function: use the safe expression library.',
        },
      ],
      // Env is read only through each app's env.ts.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
      ],
    },
  },
  {
    files: [
      '**/env.ts',
      'scripts/**',
      '**/scripts/**',
      '**/*.config.{ts,js,mjs,cjs}',
      '**/*.test.ts',
      '**/*.int.test.ts',
      'packages/testing/**',
      'bench/**',
      'tests/**',
      '**/e2e/**',
      '**/__tests__/**',
      '**/instrumentation.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
