// ESLint flat config: typescript-eslint's recommended rules, and a purity fence around the core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp', 'PropertiesService', 'CacheService', 'LockService', 'Utilities', 'Session',
  'ScriptApp', 'HtmlService', 'Logger', 'MailApp', 'GmailApp', 'DocumentApp', 'DriveApp',
  'ContentService', 'Charts', 'UrlFetchApp', 'Browser', 'FormApp',
].map((name) => ({ name, message: 'src/core is pure: pass data in from an adapter in src/server.' }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-addon/', 'dist.tmp-*/', 'dist.old-*/', 'dist-addon.tmp-*/', 'dist-addon.old-*/', '.local/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...APPS_SCRIPT_GLOBALS],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core takes "now" as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/core takes "now" as an argument.' },
      ],
      'no-restricted-imports': ['error', { patterns: ['../server/*', '../client/*', 'node:*', 'fs', 'path'] }],
    },
  },
);
