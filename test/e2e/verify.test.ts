import { afterAll, describe, expect, test } from '@jest/globals';
import { verifyBlock } from '../helpers/editTable';
import { FixtureProject, impactLines } from '../helpers/fixtureProject';

describe('mode verify: everything runs, and failing tests that mode only would skip are reported', () => {
  const project = new FixtureProject('verify');
  afterAll(() => project.remove());

  test('a test that depends on an environment variable is named, with the change the selection saw', () => {
    const first = project.jestImpact([], { JEST_IMPACT_MODE: 'verify' });
    expect({ status: first.status, verify: verifyBlock(first.stderr) }).toEqual({
      status: 0,
      verify: ['Impact verify: nothing to compare this time (first run: no store yet): every test ran; the next run in mode "verify" checks the selection.'],
    });
    project.write('src/math.js', project.read('src/math.js').replace('x * 2', 'x * 3'));

    // What mode only would run: the one math test whose line changed (doubles zero still passes).
    const run = project.jestImpact([], { JEST_IMPACT_MODE: 'verify', VERIFY_GREETING: 'bonjour' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Tests:       2 failed, 1 passed, 3 total');
    expect(impactLines(run.stderr)).toEqual(['Impact: recorded 2 test files (3 tests) of 2 into node_modules/.cache/jest-runner-impact (mode: verify).']);
    expect(verifyBlock(run.stderr)).toEqual([
      'Impact verify: 1 failing test would have been skipped in mode "only":',
      '  test/greeting.test.js › greets by name',
      '  Rule: none selected it: no recorded line, source, test file or dependency of this test changed, and it passed last time; the changes it saw were: src/math.js:2 changed.',
      '  They depend on something the runner cannot see (an environment variable, the clock, the network, another test, a file outside rootDir read at run time, a child process that is not Node.js). Keep mode "verify" or "all" until that dependency is removed or covered by alwaysRun.',
    ]);
  });

  test('when every failure would have been caught, it says so and the exit code is Jest\'s', () => {
    // The greeting test failed last run: rule 2 selects it now; the math test failed too.
    const failing = project.jestImpact([], { JEST_IMPACT_MODE: 'verify', VERIFY_GREETING: 'bonjour' });
    expect(verifyBlock(failing.stderr)).toEqual(['Impact verify: every failing test would have run in mode "only".']);
    expect(failing.status).toBe(1);

    project.write('src/math.js', project.read('src/math.js').replace('x * 3', 'x * 2'));
    const passing = project.jestImpact([], { JEST_IMPACT_MODE: 'verify' });
    expect(verifyBlock(passing.stderr)).toEqual(['Impact verify: every failing test would have run in mode "only".']);
    expect(passing.status).toBe(0);
  });
});
