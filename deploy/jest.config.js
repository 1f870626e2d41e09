// The manifests' tests: kustomize renders deploy/k8s, kubeconform and nats-server (built by scripts/k8s-tools.mjs)
// check what it renders. The .mjs transform lets the tests call the tools script's functions.
const preset = require('../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'deploy',
  rootDir: __dirname,
  transform: { ...preset.transform, '^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
