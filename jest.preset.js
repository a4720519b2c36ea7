// Shared Jest settings: TypeScript through @swc/jest, Node environment.
// execa 9 and its helpers are ES modules; Jest 30 on Node 20 cannot require ESM, so they are
// transformed to CommonJS like our own sources.
const esmPackages = [
  'execa', '@sindresorhus/merge-streams', 'figures', 'get-stream', 'human-signals', 'is-plain-obj',
  'is-stream', 'npm-run-path', 'parse-ms', 'path-key', 'pretty-ms', 'strip-final-newline',
  'unicorn-magic', 'yoctocolors', 'is-unicode-supported',
];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@nx-handoff/core$': '<rootDir>/packages/handoff-core/src/index.ts',
    '^@nx-handoff/templates$': '<rootDir>/packages/templates/src/index.ts',
  },
};
