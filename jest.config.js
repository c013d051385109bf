// Jest runs TypeScript through @swc/jest; @nestjs packages are ESM-only, so they are transformed too.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|email-reply-parser|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 120000,
  // Tests share one FerretDB and Redis; each test file uses its own database and queue prefix.
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
  forceExit: false,
};
