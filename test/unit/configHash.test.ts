import { describe, expect, test } from '@jest/globals';
import { configHashes } from '../../src/runner/expectedMeta';
import type { JestTest } from '../../src/runner/jestTypes';

const ROOT = '/repo';
const BASE = { id: 'abc', rootDir: ROOT, cwd: ROOT, testEnvironment: 'node', transform: [['\\.js$', 'babel-jest', {}]] };

const hashOf = (config: Record<string, unknown>) => configHashes(ROOT, [{ path: `${ROOT}/test/a.test.js`, context: { config } } as unknown as JestTest])['.'];

describe('the config hash of a project', () => {
  test.each([
    ['--verbose', { verbose: true }],
    ['--silent', { silent: true }],
    ['--coverage', { collectCoverage: true, collectCoverageFrom: ['src/**'] }],
    ['--detectOpenHandles', { detectOpenHandles: true, openHandlesTimeout: 2000 }],
    ['a slow-test threshold', { slowTestThreshold: 10 }],
    ['another config id and cwd', { id: 'other', cwd: '/elsewhere' }],
  ])('ignores %s: it changes what Jest prints or reports, not what runs', (_name, change) => {
    expect(hashOf({ ...BASE, ...change })).toBe(hashOf(BASE));
  });

  test.each([
    ['the test environment', { testEnvironment: 'jsdom' }],
    ['the transform', { transform: [] }],
  ])('changes with %s', (_name, change) => {
    expect(hashOf({ ...BASE, ...change })).not.toBe(hashOf(BASE));
  });
});
