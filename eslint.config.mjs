import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Domain logic is pure: it declares the interfaces it needs and knows no store, transport or server.
    files: ['services/*/src/domain/**/*.ts', 'bots/*/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/data-access/**', '**/entry-points/**'],
              message: 'domain code declares an interface instead',
            },
            {
              group: ['@carelink/http', '@carelink/store', '@carelink/bus', '@carelink/jobs', '@carelink/service-host'],
              message: 'domain code throws DomainError and returns decisions; the edges do I/O',
            },
            {
              group: ['mongoose', 'mongodb', 'ioredis', 'express', 'kafkajs', 'bullmq', 'grammy'],
              message: 'no servers in domain code',
            },
          ],
        },
      ],
    },
  },
);
