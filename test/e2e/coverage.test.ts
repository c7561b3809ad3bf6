import * as fs from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { comparableResults, FixtureProject, impactLines } from '../helpers/fixtureProject';

/**
 * Recording instruments every project source, whatever the user's collectCoverageFrom says; a user's
 * own --coverage report must come out exactly as with Jest's default runner.
 */

const COVERAGE_ARGS = ['--coverage', '--coverageReporters=json'];

/** Runs jest with --coverage and returns the parsed coverage-final.json, removing the coverage dir. */
function coverageOf(project: FixtureProject, extraArgs: string[]): { report: ReturnType<FixtureProject['jestJson']>; coverage: Record<string, unknown> } {
  fs.rmSync(project.file('coverage'), { recursive: true, force: true });
  const report = project.jestJson([...COVERAGE_ARGS, ...extraArgs]);
  const coverage = JSON.parse(project.read('coverage/coverage-final.json')) as Record<string, unknown>;
  fs.rmSync(project.file('coverage'), { recursive: true, force: true });
  return { report, coverage };
}

const calc = (name: string) => `test/calc.test.js › ${name}`;
const format = (name: string) => `test/format.test.js › ${name}`;

describe.each(['jest30', 'jest29', 'jest28', 'jest27'] as const)('--coverage with collectCoverageFrom on %s', (install) => {
  const project = new FixtureProject('coverage-scope', install);
  afterAll(() => project.remove());

  test('the coverage report equals the default runner, and the helper outside collectCoverageFrom is still recorded', () => {
    const plain = coverageOf(project, []);
    const impact = coverageOf(project, ['--runner=jest-runner-impact']);

    expect(comparableResults(impact.report.json)).toEqual(comparableResults(plain.report.json));
    expect(impact.report.run.status).toBe(0);
    expect(impactLines(impact.report.run.stderr)).toEqual([
      'Impact: recorded 2 test files (4 tests) of 2 into node_modules/.cache/jest-runner-impact (first run: no store yet).',
    ]);

    // collectCoverageFrom decides the report: src only, including the file no test loads.
    expect(Object.keys(plain.coverage).sort()).toEqual(['src/calc.js', 'src/format.js', 'src/untested.js'].map((file) => project.file(file)));
    expect(impact.coverage).toEqual(plain.coverage);

    // The helper is outside the report but inside the map.
    expect(project.why('test/helpers/build.js')).toEqual({
      1: [calc('adds'), format('formats a positive amount')],
      2: [calc('adds'), format('formats a positive amount')],
      5: [calc('multiplies')],
      6: [calc('multiplies')],
      9: [calc('adds'), calc('multiplies'), format('formats a negative amount'), format('formats a positive amount')],
    });
    expect(project.why('src/format.js')).toEqual({
      1: [format('formats a negative amount'), format('formats a positive amount')],
      2: [format('formats a negative amount'), format('formats a positive amount')],
      3: [format('formats a negative amount')],
      5: [format('formats a positive amount')],
      8: [format('formats a negative amount'), format('formats a positive amount')],
    });
    expect(project.why('src/calc.js')).toEqual({
      1: [calc('adds')],
      2: [calc('adds')],
      5: [calc('multiplies')],
      6: [calc('multiplies')],
      9: [calc('adds'), calc('multiplies')],
    });
    // A source that no test loads has no record at all.
    expect(project.why('src/untested.js')).toEqual({});
  });
});

describe.each(['jest30', 'jest29', 'jest28', 'jest27'] as const)('--coverage without collectCoverageFrom on %s', (install) => {
  const project = new FixtureProject('coverage-scope', install);
  project.write('package.json', `${JSON.stringify({ name: 'fixture-coverage-default-scope', private: true, jest: { testEnvironment: 'node' } }, null, 2)}\n`);
  afterAll(() => project.remove());

  test('the coverage report equals the default runner (every loaded non-test file, helper included)', () => {
    const plain = coverageOf(project, []);
    const impact = coverageOf(project, ['--runner=jest-runner-impact']);

    expect(comparableResults(impact.report.json)).toEqual(comparableResults(plain.report.json));
    expect(impact.report.run.status).toBe(0);
    expect(impactLines(impact.report.run.stderr)).toEqual([
      'Impact: recorded 2 test files (4 tests) of 2 into node_modules/.cache/jest-runner-impact (first run: no store yet).',
    ]);
    // Jest's default scope: every file the tests loaded that is not a test file; untested.js is not loaded.
    expect(Object.keys(plain.coverage).sort()).toEqual(['src/calc.js', 'src/format.js', 'test/helpers/build.js'].map((file) => project.file(file)));
    expect(impact.coverage).toEqual(plain.coverage);
    expect(project.why('test/helpers/build.js:5-6')).toEqual({ 5: [calc('multiplies')], 6: [calc('multiplies')] });
  });
});

describe('--coverage on some test files after a change', () => {
  const project = new FixtureProject('coverage-scope');
  afterAll(() => project.remove());

  test('the impacted files it left out stay impacted for the next run', () => {
    project.jestImpact();
    project.write('test/helpers/build.js', project.read('test/helpers/build.js').replace('return [a, b];', 'return [a, b].slice();'));

    // Coverage runs every test of this run (calc only); the store moves past the change.
    const partial = coverageOf(project, ['--runner=jest-runner-impact', 'test/calc']);
    expect(partial.report.json.numTotalTests).toBe(2);

    const next = project.jestJson(['--runner=jest-runner-impact']);
    expect(next.run.stderr.split('\n').filter((line) => line.startsWith('Impact:') || line.includes(' -> '))).toEqual([
      'Impact: 1 of 2 test files (2 of 4 tests) is impacted; 1 file skipped.',
      '  impacted by an earlier change, and has not completed since -> test/format.test.js',
    ]);
    const ran = next.json.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status !== 'pending').map((test) => test.fullName));
    expect(ran.sort()).toEqual(['formats a negative amount', 'formats a positive amount']);
  });
});
