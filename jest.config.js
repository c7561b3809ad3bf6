/** This package's own test suite: unit tests of the pure modules, and end-to-end runs of real Jest. */
module.exports = {
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/', '<rootDir>/test/.work/'],
  modulePathIgnorePatterns: ['<rootDir>/test/.work/', '<rootDir>/test/fixtures/', '<rootDir>/examples/', '<rootDir>/benchmarks/.work/'],
  globalSetup: '<rootDir>/test/helpers/globalSetup.ts',
  testTimeout: 240000,
  testEnvironment: 'node',
  // Two test files at a time on a 2-core machine (Jest's default leaves one core idle): the end-to-end
  // files spend much of their time waiting on the Jest processes they start and on watch sessions.
  maxWorkers: 2,
};
