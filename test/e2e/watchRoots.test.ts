import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject, impactLines } from '../helpers/fixtureProject';
import type { InstallName } from '../helpers/installs';
import { outcomes, WatchSession } from '../helpers/watchSession';

const US = 'passed: charges US sales tax';
const EU = 'passed: charges EU VAT';

/**
 * `roots: ['<rootDir>/test']` with the sources beside it: Jest neither watches src/ nor relates it to
 * the tests. The runner's watch plugin watches the recorded sources outside roots and starts a run.
 */
describe.each<InstallName>(['jest30', 'jest29', 'jest28', 'jest27'])('jest --watch with roots that leave the sources out, on %s', (install) => {
  const project = new FixtureProject('roots', install);
  let session: WatchSession | undefined;
  afterAll(() => {
    session?.close();
    project.remove();
  });

  test('with the watch plugin, a save of a source outside roots runs the tests it impacts', async () => {
    project.commitAll('fixture');
    expect(impactLines(project.jestImpact().stderr)).toEqual([
      'Impact: recorded 3 test files (4 tests) of 3 into node_modules/.cache/jest-runner-impact (first run: no store yet).',
    ]);
    // Jest's own selection finds nothing for a source outside roots.
    expect(project.jest(['--findRelatedTests', 'src/tax.js']).stdout + project.jest(['--findRelatedTests', 'src/tax.js']).stderr).toContain('No tests found');
    const watch = new WatchSession(project, ['--watch', '--runner=jest-runner-impact']);
    session = watch;
    const edit = (file: string, from: string, to: string) => () => project.write(file, project.read(file).replace(from, to));
    expect((await watch.run()).json.numTotalTestSuites).toBe(0);

    const us = await watch.run(edit('src/tax.js', 'amount * 0.07', '0.07 * amount'));
    expect(outcomes(project, us.json)).toEqual({
      'test/eu.test.js': ['pending: charges EU VAT'],
      'test/money.test.js': ['pending: shows two decimals', 'pending: rounds half up'],
      'test/us.test.js': [US],
    });
    expect(us.impact).toEqual(['Impact: 1 of 3 test files (1 of 4 tests) touches 1 changed line in 1 file; 2 files skipped.']);

    const eu = await watch.run(edit('src/tax.js', 'amount * 0.2', '0.2 * amount'));
    expect(outcomes(project, eu.json)['test/eu.test.js']).toEqual([EU]);
    expect(eu.impact).toEqual(['Impact: 1 of 3 test files (1 of 4 tests) touches 1 changed line in 1 file; 2 files skipped.']);

    // A breaking save: only the money tests run, and fail, as plain jest would show.
    const broken = await watch.run(edit('src/money.js', 'toFixed(2)', 'toFixed(3)'));
    expect(outcomes(project, broken.json)['test/money.test.js']).toEqual(['failed: shows two decimals', 'failed: rounds half up']);
    expect(broken.json.numFailedTests).toBe(2);
    expect(await watch.quit()).toBe(0);
  });

  test('without the plugin, the watch says once which sources it cannot see and the roots to add', async () => {
    const plain = project.clone();
    try {
      plain.write('package.json', JSON.stringify({ name: 'fixture-roots', private: true, jest: { testEnvironment: 'node', roots: ['<rootDir>/test'] } }));
      const watch = new WatchSession(plain, ['--watchAll', '--runner=jest-runner-impact']);
      try {
        await watch.run();
        await watch.run(() => watch.press('\r'));
        const notice =
          'jest-runner-impact: Jest watches only the files under its roots, and 2 recorded sources lie outside them (src/money.js, src/tax.js): a save there starts no watch run. Add "jest-runner-impact/watch-plugin" to watchPlugins in the Jest config, and such a save runs the tests it impacts; or add "<rootDir>/src" to roots.';
        const screen = watch.screen.replace(/\s*\n\s*/g, ' ');
        expect(screen).toContain(notice);
        expect(screen.split(notice)).toHaveLength(2);
        expect(await watch.quit()).toBe(0);
      } finally {
        watch.close();
      }
    } finally {
      plain.remove();
    }
  });
});
