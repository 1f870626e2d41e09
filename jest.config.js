// Every project's tests in one run: unit specs (src/**/*.spec.ts) and integration tests (test/**/*.test.ts).
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js', '<rootDir>/deploy/jest.config.js', '<rootDir>/web/jest.config.js'],
};
