import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject, impactLines, type JestJsonResult } from '../helpers/fixtureProject';

/** `file › id`-style names of the tests that ran (passed or failed) in a --json report. */
function ranTests(project: FixtureProject, json: JestJsonResult): string[] {
  return json.testResults
    .flatMap((file) =>
      file.assertionResults
        .filter((test) => test.status === 'passed' || test.status === 'failed')
        .map((test) => `${file.name.slice(project.dir.length + 1)} › ${[...test.ancestorTitles, test.title].join(' › ')}`),
    )
    .sort();
}

describe('jest-impact affected answers what the next run selects', () => {
  const project = new FixtureProject('cjs');
  afterAll(() => project.remove());

  test.each(['file', 'test'] as const)('at %s granularity', (granularity) => {
    expect(project.jestImpact([], { JEST_IMPACT_MODE: 'all' }).status).toBe(1); // the fixture keeps an obsolete snapshot
    project.write('src/tax.js', project.read('src/tax.js').replace('const rate = rates[region] ?? 0;', 'const rate = rates[region] ?? 0.01;'));
    const env = { JEST_IMPACT_GRANULARITY: granularity };

    const explained = project.cli(['affected', '--explain'], env);
    const affected = JSON.parse(project.cli(['affected', '--json'], env).stdout) as { files: Array<{ testPath: string; tests: string[] }> };
    const predicted = affected.files.flatMap((file) => file.tests.map((id) => `${file.testPath} › ${id.replace(/ #\d+$/, '')}`)).sort();

    const { run, json } = project.jestJson(['--runner=jest-runner-impact'], env);
    expect(ranTests(project, json)).toEqual(predicted);
    if (granularity === 'file') {
      expect(explained.stdout).toBe(
        [
          '1 of 3 test files (7 tests) would run: 1 changed line in 1 file.',
          'test/tax.test.js › taxFor › charges US sales tax',
          'test/tax.test.js › taxFor › charges French VAT',
          'test/tax.test.js › round',
          'test/tax.test.js › round #2',
          'test/tax.test.js › table US',
          'test/tax.test.js › table FR',
          'test/tax.test.js › snapshot of a receipt',
          '  because src/tax.js:13 changed',
          '',
        ].join('\n'),
      );
      expect(impactLines(run.stderr)).toEqual(['Impact: 1 of 3 test files (7 of 10 tests) touches 1 changed line in 1 file; 2 files skipped.']);
    } else {
      expect(predicted).toEqual(['test/tax.test.js › table FR', 'test/tax.test.js › taxFor › charges French VAT']);
      expect(impactLines(run.stderr)).toEqual(['Impact: 1 of 3 test files (2 of 10 tests) touches 1 changed line in 1 file; 2 files skipped.']);
    }
    project.write('src/tax.js', project.read('src/tax.js').replace('?? 0.01;', '?? 0;'));
  });
});
