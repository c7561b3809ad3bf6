import * as fs from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject, impactLines, type JestJsonResult } from '../helpers/fixtureProject';

const SEQUENCER = '--testSequencer=jest-runner-impact/sequencer';

/** Per shard: the test files that ran, and those reported skipped. */
function filesOf(project: FixtureProject, json: JestJsonResult): { ran: string[]; skipped: string[] } {
  const name = (file: { name: string }) => file.name.slice(project.dir.length + 1);
  const ran = json.testResults.filter((file) => file.assertionResults.some((t) => t.status === 'passed' || t.status === 'failed'));
  const skipped = json.testResults.filter((file) => !ran.includes(file));
  return { ran: ran.map(name).sort(), skipped: skipped.map(name).sort() };
}

/**
 * `testSequencer: 'jest-runner-impact/sequencer'` selects before Jest shards: every shard computes the
 * same selection from its copy of the store, the impacted files are balanced by recorded duration
 * (a: ~1,500 ms, b: ~800 ms, c: ~100 ms: a alone on one shard, b and c on the other), and the skipped
 * ones are dealt out so that each is reported once.
 */
describe.each(['jest30', 'jest29', 'jest28'] as const)('shards with the sequencer (%s)', (install) => {
  const project = new FixtureProject('shards', install);
  const recorded = `${project.dir}-recorded`;
  afterAll(() => {
    project.remove();
    fs.rmSync(recorded, { recursive: true, force: true });
  });

  test('each impacted file runs in exactly one shard, balanced by duration, and the others are skipped once', () => {
    expect(project.jestImpact([], { JEST_IMPACT_MODE: 'all' }).status).toBe(0);
    project.write('src/shared.js', project.read('src/shared.js').replace('`item ${id}`', '`item: ${id}`'));
    project.saveTo(recorded);

    const shards = [1, 2].map((shard) => {
      project.restoreFrom(recorded); // each shard on its own machine, with its own copy of the store
      const { run, json } = project.jestJson(['--runner=jest-runner-impact', SEQUENCER, `--shard=${shard}/2`]);
      return { ...filesOf(project, json), failed: json.numFailedTests, summary: impactLines(run.stderr) };
    });
    expect(shards).toEqual([
      { ran: ['test/a.test.js'], skipped: ['test/d.test.js', 'test/e.test.js'], failed: 1, summary: ['Impact: 1 of 3 test files (1 of 3 tests) touches 1 changed line in 1 file; 2 files skipped.'] },
      {
        ran: ['test/b.test.js', 'test/c.test.js'],
        skipped: ['test/f.test.js'],
        failed: 2,
        summary: ['Impact: 2 of 3 test files (2 of 3 tests) touch 1 changed line in 1 file; 1 file skipped.'],
      },
    ]);
  });

  test('without the sequencer, --shard still runs, and one line recommends it', () => {
    project.restoreFrom(recorded);
    const run = project.jestImpact(['--shard=1/2']);
    expect(impactLines(run.stderr).filter((line) => line.startsWith('jest-runner-impact:'))).toEqual([
      "jest-runner-impact: With --shard, each shard selects only among the test files Jest gave it, so shards are not balanced by what they run. Set testSequencer: 'jest-runner-impact/sequencer' in the Jest config to select before Jest shards.",
    ]);
  });
});
