// `npm test` runs every unit spec and the e2e suite (e2e/), which drives a real Nx workspace.
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  rootDir: __dirname,
  testMatch: ['<rootDir>/packages/*/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts', '<rootDir>/e2e/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // `npm run build` writes the publishable packages to dist/packages: never a module of the tests.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
