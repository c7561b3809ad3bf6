import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject } from '../helpers/fixtureProject';
import { REPO_ROOT } from '../helpers/installs';
import { WorkflowRunner, type StepOutput } from '../helpers/workflowRunner';

const RECIPE = path.join(REPO_ROOT, 'examples', 'ci', 'github-actions.yml');

/** Per shard of the test job: the test files Jest ran (PASS or FAIL), its Impact line, and its exit code. */
function shardsOf(outputs: StepOutput[]) {
  return outputs
    .filter((output) => output.job === 'test' && output.command.includes('jest --ci'))
    .map((output) => ({
      shard: output.matrix['shard'],
      ran: [...output.stderr.matchAll(/^(PASS|FAIL) (\S+)/gm)].map(([, outcome, file]) => `${outcome} ${file}`).sort(),
      impact: output.stderr.split('\n').filter((line) => line.startsWith('Impact:')),
      status: output.status,
    }));
}

const mergeOutput = (outputs: StepOutput[]) => {
  const merge = outputs.find((output) => output.job === 'merge-store');
  return merge?.status === 0 ? merge.stdout.trim() : merge;
};

/**
 * examples/ci/github-actions.yml, run on this machine: every `run:` line of the recipe as written, on
 * separate checkouts at separate paths, with the cache and artifacts between jobs and runs simulated.
 */
describe('the GitHub Actions recipe in examples/ci', () => {
  const repository = new FixtureProject('ci-recipe');
  const workflow = new WorkflowRunner(RECIPE, repository, `${repository.dir}-actions`);
  afterAll(() => {
    workflow.remove();
    repository.remove();
  });
  const store = (checkoutFiles: number, tests: number) => expect.stringMatching(new RegExp(`^Merged 3 exports into .*: ${checkoutFiles} test files \\(${tests} tests\\)\\.\\nExported ${checkoutFiles} test files \\(${tests} tests\\) to \\.jest-impact/store\\.jri \\(\\d+\\.\\d kB\\)\\.$`));

  test('shards select from the merged store of the branch, or of main; the merge keeps failures and clears what ran', () => {
    // main, first run: no store anywhere; Jest's own sharding, everything recorded.
    const first = workflow.run({ runId: 1, refName: 'main' });
    const firstShards = shardsOf(first);
    expect(firstShards.flatMap((shard) => shard.ran).sort()).toEqual(['PASS test/eu.test.js', 'PASS test/money.test.js', 'PASS test/receipt.test.js', 'PASS test/us.test.js']);
    for (const shard of firstShards) expect(shard.impact[0]).toMatch(/\(first run: no store yet\)\.$/);
    expect(mergeOutput(first)).toEqual(store(4, 5));

    // A pull request changes the US rate's line: main's store; the two impacted files, one per shard.
    repository.write('src/tax.js', repository.read('src/tax.js').replace('amount * 0.07', '0.07 * amount'));
    const change = shardsOf(workflow.run({ runId: 2, refName: '7/merge', headRef: 'feature' }));
    expect(change.flatMap((shard) => shard.ran).sort()).toEqual(['PASS test/receipt.test.js', 'PASS test/us.test.js']);
    expect(change.map((shard) => shard.ran.length).sort()).toEqual([0, 1, 1]);
    expect(change.map((shard) => shard.status)).toEqual([0, 0, 0]);
    for (const shard of change) expect(shard.impact).toEqual([expect.stringMatching(/^Impact: [01] of [12] test files? \(\d of \d tests?\) (touch|touches) 1 changed line in 1 file; [01] files? skipped\.$/)]);

    // The next run of the branch starts from the branch's merged store: nothing changed, nothing runs.
    const unchanged = shardsOf(workflow.run({ runId: 3, refName: '7/merge', headRef: 'feature' }));
    expect(unchanged.flatMap((shard) => shard.ran)).toEqual([]);
    // The skipped files dealt by path: eu and us, money, receipt.
    expect(unchanged.map((shard) => shard.impact)).toEqual([
      ['Impact: 0 of 2 test files (0 of 2 tests) run: nothing changed since the last run; 2 files skipped.'],
      ['Impact: 0 of 1 test file (0 of 2 tests) run: nothing changed since the last run; 1 file skipped.'],
      ['Impact: 0 of 1 test file (0 of 1 test) run: nothing changed since the last run; 1 file skipped.'],
    ]);

    // A breaking change fails two files; the merge job still runs and keeps the failures.
    repository.write('src/money.js', repository.read('src/money.js').replace('toFixed(2)', 'toFixed(3)'));
    const broken = workflow.run({ runId: 4, refName: '7/merge', headRef: 'feature' });
    expect(shardsOf(broken).flatMap((shard) => shard.ran).sort()).toEqual(['FAIL test/money.test.js', 'FAIL test/receipt.test.js']);
    expect(mergeOutput(broken)).toEqual(store(4, 5));

    // Nothing changed since, but what failed runs again.
    const again = shardsOf(workflow.run({ runId: 5, refName: '7/merge', headRef: 'feature' }));
    expect(again.flatMap((shard) => shard.ran).sort()).toEqual(['FAIL test/money.test.js', 'FAIL test/receipt.test.js']);

    // main's store did not move: a run of main selects against main's last merge.
    const mainAgain = shardsOf(workflow.run({ runId: 6, refName: 'main' }));
    expect(mainAgain.flatMap((shard) => shard.ran).sort()).toEqual(['FAIL test/money.test.js', 'FAIL test/receipt.test.js', 'PASS test/us.test.js']);
  });
});
