import { describe, expect, test } from '@jest/globals';
import type { GlobalConfig, JestTest } from '../../src/runner/jestTypes';
import { shouldRunInBand } from '../../src/runner/runInBand';

const config = (extra: Record<string, unknown> = {}): GlobalConfig => ({ rootDir: '/p', collectCoverage: false, coverageProvider: 'babel', collectCoverageFrom: [], maxWorkers: 4, ...extra });
const files = (...durations: Array<number | undefined>): JestTest[] =>
  durations.map((duration, index) => ({ path: `/p/${index}.test.js`, context: { config: { id: 'c', rootDir: '/p', testRunner: 'circus' } }, ...(duration === undefined ? {} : { duration }) }));

describe('shouldRunInBand: Jest\'s rule on the files a selection runs', () => {
  test.each([
    ['one file', files(5000), config(), true],
    ['a few fast files with known timings', files(100, 200, 300), config(), true],
    ['a few files, one slow', files(100, 1500), config(), false],
    ['a few files without timings', files(undefined, undefined), config(), false],
    ['21 fast files', files(...new Array<number>(21).fill(10)), config(), false],
    ['one worker', files(5000, 5000), config({ maxWorkers: 1 }), true],
    ['watch mode, one file', files(10), config({ watch: true }), false],
    ['a worker memory limit', files(10), config({ workerIdleMemoryLimit: 1000 }), false],
  ])('%s', (_name, toRun, globalConfig, expected) => {
    expect(shouldRunInBand(false, toRun, globalConfig)).toBe(expected);
  });

  test('what Jest decided in band stays in band', () => {
    expect(shouldRunInBand(true, files(5000, 5000), config({ watch: true }))).toBe(true);
  });
});
