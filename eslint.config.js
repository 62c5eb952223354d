import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.cache/**', 'test-results/**'] },
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Every event type has a view in each of these switches, listed by name: a new event type without one is an error here.
    // The rule needs typed linting, which is on for these files only: over the whole repository it doubles the run's time.
    files: ['electron/cli/render.ts', 'renderer/src/task/conversation.ts', 'renderer/src/task/logLines.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/electron/**', 'electron'] }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/electron/**', '**/renderer/**', 'electron'] }],
    },
  },
  {
    files: ['electron/**'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['**/renderer/**'] }],
    },
  },
  {
    // A task's or turn's state moves only through changeState, which checks the move and logs it in the same transaction.
    files: ['electron/**'],
    ignores: ['electron/store/stateChanges.ts', 'electron/store/tasks.ts', 'electron/store/turns.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='writeState']", message: 'Change a task or turn state with changeState (electron/store/stateChanges.ts), which checks the move and writes its event.' },
      ],
    },
  },
);
