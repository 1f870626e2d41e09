// The web console's end-to-end tests: the whole system from its build (web/dist served by the gateway) driven in
// Debian's Chromium through playwright-core.
module.exports = { ...require('../jest.preset.js'), displayName: 'web', rootDir: __dirname, testMatch: ['<rootDir>/e2e/**/*.test.ts'] };
