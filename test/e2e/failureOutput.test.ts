import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject } from '../helpers/fixtureProject';
import type { InstallName } from '../helpers/installs';

/**
 * What a user reads, with what differs by design left out: the runner's own Impact block, and the
 * timings. Files are compared as blocks in a fixed order (Jest orders a run by what its cache knows).
 */
function comparable(output: string): string[] {
  const lines = output.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('Impact: ')) {
      while (i + 1 < lines.length && lines[i + 1]!.startsWith('  ')) i++;
      continue;
    }
    kept.push(lines[i]!.replace(/^Time:.*$/, 'Time: (masked)').replace(/\(\d+(\.\d+)? ?m?s\)/g, '(masked)'));
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .split(/\n(?=(?:PASS|FAIL) |Test Suites:)/)
    .sort();
}

// Not Jest 27: for a file that fails to load, its default runner prints two of Jest's own scheduler frames
// (TestScheduler.scheduleTests, runJest) that the runner's output does not have.
describe.each<InstallName>(['jest30', 'jest29', 'jest28'])('failure output under the runner on %s', (install) => {
  const project = new FixtureProject('failures', install);
  afterAll(() => project.remove());

  test('is what the default runner prints: messages, code frames, stack frames and paths', () => {
    const plain = project.jest(['--runInBand']);
    const recording = project.jestImpact(['--runInBand']);
    const selected = project.jestImpact(['--runInBand']);
    expect(plain.status).toBe(1);
    // The frame line after the code frame differs between Jest versions; the runners must agree on it.
    expect(comparable(plain.stderr).join('\n')).toContain(
      [
        'FAIL test/hook.test.js',
        '  ● never runs',
        '',
        '    the empty sum is not 0',
        '',
        '      2 |',
        '      3 | beforeAll(() => {',
        "    > 4 |   if (sum([]) !== 0) throw new Error('the empty sum is not 0');",
        '        |                            ^',
        '      5 | });',
        '      6 |',
        "      7 | test('never runs', () => {",
        '',
      ].join('\n'),
    );
    expect(recording.stderr).not.toContain('jest-runner-impact/');
    expect(comparable(recording.stderr)).toEqual(comparable(plain.stderr));
    // The next run selects the failed files again: the same output.
    expect(comparable(selected.stderr)).toEqual(comparable(plain.stderr));
    expect([recording.status, selected.status]).toEqual([1, 1]);
  });
});
