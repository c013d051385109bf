// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Style and correctness checks (`npm run lint`, also in CI), with the import boundaries of DESIGN
 * convention 15: core knows no module; a module uses another only through what it exports.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test/artifacts/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its error: in request handlers and jobs that is a silent failure.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Business code reads time from the Clock (DESIGN convention 13).' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**'], message: 'core knows no business module (DESIGN convention 15)' }] }] },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../*/schemas/*', '../../*/schemas/*', '../*/dto/*', '../../*/dto/*', '../*/providers/*', '../../*/providers/*'], message: "a module uses another only through what it exports (its service, repository or types file), never its schemas/, dto/ or providers/" }] }] },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'src/core/clock/clock.ts', 'src/core/database/guarded-update.ts', 'scripts/**', 'src/cli*.ts', 'src/main.ts', 'src/worker.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
