import * as fs from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { comparableResults, FixtureProject, impactLines } from '../helpers/fixtureProject';

describe('test.each rows, retries and console output', () => {
  const project = new FixtureProject('retries');
  afterAll(() => project.remove());

  test('a retried test keeps the lines of every attempt; output equals the default runner', () => {
    const plain = project.jestJson([]);
    const impact = project.jestJson(['--runner=jest-runner-impact']);
    expect(comparableResults(impact.json)).toEqual(comparableResults(plain.json));
    expect(impact.json.numPassedTests).toBe(2);
    expect(impact.run.stderr).toContain('steady ran');
    expect(project.why('src/flaky.js')).toEqual({
      1: ['test/retry.test.js › passes on the second attempt'],
      2: ['test/retry.test.js › passes on the second attempt'],
      3: ['test/retry.test.js › passes on the second attempt'],
      5: ['test/retry.test.js › passes on the second attempt'],
      8: ['test/retry.test.js › steady'],
      9: ['test/retry.test.js › steady'],
      12: ['test/retry.test.js › passes on the second attempt', 'test/retry.test.js › steady'],
    });
  });
});

describe('where options come from', () => {
  const tuple = new FixtureProject('tuple-options');
  const esmConfig = new FixtureProject('esm-config-file');
  afterAll(() => {
    tuple.remove();
    esmConfig.remove();
  });

  test("the runner tuple's options (Jest 30.4+) choose the store", () => {
    const run = tuple.jest([]);
    expect(run.status).toBe(0);
    expect(impactLines(run.stderr)).toEqual([
      'Impact: recorded 1 test file (1 test) of 1 into .impact-store (first run: no store yet).',
    ]);
    expect(fs.existsSync(tuple.file('.impact-store/impact.mdb'))).toBe(true);
    expect(tuple.why('src/double.js', { JEST_IMPACT_STORE: '.impact-store' })).toEqual({
      1: ['test/double.test.js › doubles'],
      2: ['test/double.test.js › doubles'],
      5: ['test/double.test.js › doubles'],
    });
  });

  test('an ESM jest-runner-impact.config.mjs is read, and the CLI finds the same store', () => {
    const run = esmConfig.jestImpact([]);
    expect(run.status).toBe(0);
    expect(impactLines(run.stderr)).toEqual([
      'Impact: recorded 1 test file (1 test) of 1 into .store-from-mjs (first run: no store yet).',
    ]);
    expect(esmConfig.why('src/double.js:2')).toEqual({ 2: ['test/double.test.js › doubles'] });
  });

  test('the environment wins over the config file; mode off runs like the default runner and writes nothing', () => {
    const plain = esmConfig.jestJson([]);
    const off = esmConfig.jestJson(['--runner=jest-runner-impact'], { JEST_IMPACT_MODE: 'off', JEST_IMPACT_STORE: '.never' });
    expect(comparableResults(off.json)).toEqual(comparableResults(plain.json));
    expect(impactLines(off.run.stderr)).toEqual([]);
    expect(fs.existsSync(esmConfig.file('.never'))).toBe(false);
  });

  test('--coverage with the v8 provider runs unrecorded with one warning, and reports as the default runner', () => {
    const args = ['--coverage', '--coverageProvider=v8', '--coverageReporters=json'];
    const plain = esmConfig.jestJson(args);
    const plainReport = esmConfig.read('coverage/coverage-final.json');
    const impact = esmConfig.jestJson(['--runner=jest-runner-impact', ...args], { JEST_IMPACT_STORE: '.v8-store' });
    expect(comparableResults(impact.json)).toEqual(comparableResults(plain.json));
    expect(JSON.parse(esmConfig.read('coverage/coverage-final.json'))).toEqual(JSON.parse(plainReport));
    const warnings = impactLines(impact.run.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('coverageProvider "v8"');
    expect(fs.existsSync(esmConfig.file('.v8-store'))).toBe(false);
  });
});
