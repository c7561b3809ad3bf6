import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject, impactLines } from '../helpers/fixtureProject';
import type { InstallName } from '../helpers/installs';
import { outcomes, WatchSession } from '../helpers/watchSession';

const US = 'passed: charges US sales tax';
const HOLD_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EU = 'passed: charges EU VAT';

describe.each<InstallName>(['jest30', 'jest29', 'jest28', 'jest27'])('jest --watch --runner=jest-runner-impact on %s', (install) => {
  const project = new FixtureProject('watch', install);
  let session: WatchSession | undefined;
  afterAll(() => {
    session?.close();
    project.remove();
  });

  test('each save runs the tests touching lines changed since the last run; the watch keys a, f, p and t work', async () => {
    project.commitAll('fixture');
    expect(impactLines(project.jestImpact().stderr)).toEqual([
      'Impact: recorded 3 test files (4 tests) of 3 into node_modules/.cache/jest-runner-impact (first run: no store yet).',
    ]);
    const watch = new WatchSession(project, ['--watch', '--runner=jest-runner-impact']);
    session = watch;
    const edit = (file: string, from: string, to: string) => () => project.write(file, project.read(file).replace(from, to));

    // Nothing changed since the last commit: Jest's --watch hands the runner no test.
    expect((await watch.run()).json.numTotalTestSuites).toBe(0);

    // A save: Jest hands over the test files related to src/tax.js; only the one whose test ran line 3 runs.
    const us = await watch.run(edit('src/tax.js', 'amount * 0.07', '0.07 * amount'));
    expect(outcomes(project, us.json)).toEqual({ 'test/eu.test.js': ['pending: charges EU VAT'], 'test/us.test.js': [US] });
    expect(us.impact).toEqual(['Impact: 1 of 2 test files (1 of 2 tests) touches 1 changed line in 1 file; 1 file skipped.']);

    // Both lines now differ from git HEAD; only the line changed since the last run selects.
    const eu = await watch.run(edit('src/tax.js', 'amount * 0.2', '0.2 * amount'));
    expect(outcomes(project, eu.json)).toEqual({ 'test/eu.test.js': [EU], 'test/us.test.js': ['pending: charges US sales tax'] });

    // a: every test runs (a key, not a file change, started the run).
    const all = await watch.run(() => watch.press('a'));
    expect(outcomes(project, all.json)).toEqual({
      'test/eu.test.js': [EU],
      'test/money.test.js': ['passed: shows two decimals', 'passed: rounds half up'],
      'test/us.test.js': [US],
    });
    expect(all.impact).toEqual([
      'Impact: recorded 3 test files (4 tests) of 3 into node_modules/.cache/jest-runner-impact (watch: a key started this run, not a file change, so every test Jest chose ran).',
    ]);

    // A breaking save, now in watch-all mode: only the money tests run, and fail.
    const broken = await watch.run(edit('src/money.js', 'toFixed(2)', 'toFixed(3)'));
    expect(outcomes(project, broken.json)).toEqual({
      'test/eu.test.js': ['pending: charges EU VAT'],
      'test/money.test.js': ['failed: shows two decimals', 'failed: rounds half up'],
      'test/us.test.js': ['pending: charges US sales tax'],
    });

    // f: only the failed file, run by Jest's own failed-tests filter.
    const failed = await watch.run(() => watch.press('f'));
    expect(outcomes(project, failed.json)).toEqual({ 'test/money.test.js': ['failed: shows two decimals', 'failed: rounds half up'] });

    // The fix, saved while f is on: it runs and passes.
    const fixed = await watch.run(edit('src/money.js', 'toFixed(3)', 'toFixed(2)'));
    expect(outcomes(project, fixed.json)).toEqual({ 'test/money.test.js': ['passed: shows two decimals', 'passed: rounds half up'] });
    await watch.run(() => watch.press('f'));

    // t, then p: Jest's name and path patterns, every matching test runs.
    const byName = await watch.run(() => watch.press('trounds\r'));
    expect(outcomes(project, byName.json)).toEqual({
      'test/eu.test.js': ['pending: charges EU VAT'],
      'test/money.test.js': ['pending: shows two decimals', 'passed: rounds half up'],
      'test/us.test.js': ['pending: charges US sales tax'],
    });
    const byPath = await watch.run(() => watch.press('pmoney\r'));
    expect(outcomes(project, byPath.json)).toEqual({ 'test/money.test.js': ['pending: shows two decimals', 'passed: rounds half up'] });

    expect(await watch.quit()).toBe(0);
    // The store kept up: the next plain run has nothing to run.
    expect(impactLines(project.jestImpact().stderr)[0]).toBe('Impact: 0 of 3 test files (0 of 4 tests) run: nothing changed since the last run; 3 files skipped.');
  });
});

describe('jest --watchAll --runner=jest-runner-impact', () => {
  const project = new FixtureProject('watch');
  let session: WatchSession | undefined;
  afterAll(() => {
    session?.close();
    project.remove();
  });

  test('the first run selects what changed since the recorded run; a save its impacted tests; Enter runs every test', async () => {
    expect(project.jestImpact().status).toBe(0);
    // The money tests take HOLD_MS longer, so that a file can be saved again while they run.
    const watch = new WatchSession(project, ['--watchAll', '--runner=jest-runner-impact'], { FIXTURE_HOLD_MS: String(HOLD_MS) });
    session = watch;

    const start = await watch.run();
    expect(start.json.numTotalTestSuites).toBe(3);
    expect(start.json.numPendingTests).toBe(4);
    expect(start.impact).toEqual(['Impact: 0 of 3 test files (0 of 4 tests) run: nothing changed since the last run; 3 files skipped.']);

    const save = await watch.run(() => project.write('src/money.js', project.read('src/money.js').replace('value.toFixed(2)', 'value.toFixed(2) + ""')));
    expect(outcomes(project, save.json)).toEqual({
      'test/eu.test.js': ['pending: charges EU VAT'],
      'test/money.test.js': ['passed: shows two decimals', 'passed: rounds half up'],
      'test/us.test.js': ['pending: charges US sales tax'],
    });

    // The same file saved again while its run goes on (as an editor's save, or a save Jest sees twice,
    // can be): Jest makes a new context for it but starts no run. The key pressed next still started
    // its run, and every test runs.
    const source = project.read('src/money.js');
    const again = await watch.run(async () => {
      project.write('src/money.js', source.replace('value.toFixed(2) + ""', 'value.toFixed(2) + "" + ""'));
      await sleep(HOLD_MS / 3);
      project.write('src/money.js', source.replace('value.toFixed(2) + ""', 'value.toFixed(2) + "" + ""'));
    });
    expect(outcomes(project, again.json)).toEqual({
      'test/eu.test.js': ['pending: charges EU VAT'],
      'test/money.test.js': ['passed: shows two decimals', 'passed: rounds half up'],
      'test/us.test.js': ['pending: charges US sales tax'],
    });

    const enter = await watch.run(() => watch.press('\r'));
    expect(enter.json.numPassedTests).toBe(4);
    expect(enter.impact).toEqual([
      'Impact: recorded 3 test files (4 tests) of 3 into node_modules/.cache/jest-runner-impact (watch: a key started this run, not a file change, so every test Jest chose ran).',
    ]);
    expect(await watch.quit()).toBe(0);
  });
});
