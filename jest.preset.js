// Shared Jest settings: TypeScript through @swc/jest, Node environment.
// execa 9 and its helpers are ES modules; Jest 30 on Node 20 cannot require ESM, so they are
// transformed to CommonJS like our own sources.
// The ES-module packages in execa's dependency tree (every package.json with "type": "module").
const esmPackages = [
  'execa',
  '@sindresorhus/merge-streams',
  'figures',
  'is-unicode-supported',
  'get-stream',
  '@sec-ant/readable-stream',
  'human-signals',
  'is-plain-obj',
  'npm-run-path',
  'unicorn-magic',
  'pretty-ms',
  'parse-ms',
  'strip-final-newline',
  'yoctocolors',
  'path-key',
  'is-stream',
];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // unicorn-magic (via execa -> npm-run-path) exports only an `import` condition, which Jest's
    // CommonJS resolver does not pick; point it at the Node build, transformed like the rest.
    '^unicorn-magic$': require('node:path').join(__dirname, 'node_modules/unicorn-magic/node.js'),
    '^@nx-handoff/core$': '<rootDir>/packages/handoff-core/src/index.ts',
    '^@nx-handoff/core/config$': '<rootDir>/packages/handoff-core/src/config-api.ts',
    '^@nx-handoff/core/ensure$': '<rootDir>/packages/handoff-core/src/ensure-bundle.ts',
    '^@nx-handoff/templates$': '<rootDir>/packages/templates/src/index.ts',
  },
};
