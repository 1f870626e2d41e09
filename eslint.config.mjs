import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import * as jsoncParser from 'jsonc-eslint-parser';

// Where tests live: they may import @cadre/testing (private servers, processes, tokens); production code may not.
const TEST_FILES = ['**/test/**', '**/e2e/**', '**/*.spec.ts', '**/*.test.ts', '**/*.test.tsx', 'web/src/test-utils.tsx', 'web/src/test-setup.ts', 'web/src/features/*/testing.tsx'];

// A service may import libs, never another service; libs never import services; the web console (type:app) imports
// libs only; `libs/testing` (type:testing) is for tests alone.
const moduleBoundaries = (testing) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allowCircularSelfDependency: true,
    // libs/testing builds on the libs (a service in process needs platform and messaging), so a lib's own tests
    // importing it close a cycle through the test harness: accepted in tests, nowhere else.
    ignoredCircularDependencies: testing ? [['@cadre/testing', 'tag:type:lib']] : [],
    allow: ['@cadre/platform/telemetry'],
    depConstraints: [
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: testing ? ['type:lib', 'type:testing'] : ['type:lib'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: testing ? ['type:lib', 'type:testing'] : ['type:lib'] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: testing ? ['type:lib', 'type:testing'] : ['type:lib'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
    ],
  },
];

const testingImport = 'libs/testing (@cadre/testing) is for tests only (test/, *.spec.ts, *.test.ts); production code may not import it';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.infra', '.nx', 'bench', 'scripts', '**/*.js', '**/*.cjs', '**/*.d.ts'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(false),
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(true) },
  },
  // Production code of the services and libs: no @cadre/testing, by package name or by path.
  {
    files: ['services/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.test.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@cadre/testing', message: testingImport }],
          patterns: [{ group: ['@cadre/testing/*', '**/libs/testing/**', '**/testing/src/**'], message: testingImport }],
        },
      ],
    },
  },
  // Each package declares what its production code imports (third-party packages at the root's pinned versions, and
  // the @cadre libs), so it does not work only by hoisting. Tests and configs may use the root's dev dependencies.
  {
    files: ['**/package.json'],
    ignores: ['package.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          buildTargets: ['build'],
          checkMissingDependencies: true,
          checkObsoleteDependencies: true,
          checkVersionMismatches: true,
          includeTransitiveDependencies: false,
          ignoredFiles: [...TEST_FILES, '**/jest.config.{js,ts,cjs}', '**/eslint.config.{js,mjs}', '**/vite.config.{ts,mts}'],
        },
      ],
    },
  },
  // The web console: React's rules of hooks and the React Compiler's checks (eslint-plugin-react-hooks).
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      // The console loads in effects and shows it (a loading flag set as the load starts, the answer when it comes):
      // the pattern this rule asks to restructure. Kept as it is; the other React Compiler checks apply.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
];
