import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject } from '../helpers/fixtureProject';

/**
 * Stores across machines (`jest-impact export`, `import`, `merge`): the stores of three CI shards,
 * recorded separately, merge into a store that answers `why` and `affected` exactly as the store of one
 * unsharded run, and an exported store imported into a checkout at another path selects the same tests.
 */
describe('portable stores', () => {
  const single = new FixtureProject('cjs');
  const sharded = new FixtureProject('cjs');
  let moved: FixtureProject | undefined;
  afterAll(() => {
    for (const project of [single, sharded, moved]) project?.remove();
  });

  const answers = (project: FixtureProject) => ({
    whyTax: project.why('src/tax.js'),
    whyLazy: project.why('src/lazy.js'),
    affected: JSON.parse(project.cli(['affected', '--json']).stdout) as unknown,
  });

  test('three shards merged answer like one run, and an import works at another path, before and after edits', () => {
    single.jestImpact([], { JEST_IMPACT_MODE: 'all' });
    for (const shard of [1, 2, 3]) {
      const run = sharded.jestImpact([`--shard=${shard}/3`], { JEST_IMPACT_MODE: 'all' });
      expect(run.stderr).toMatch(/Impact: recorded 1 test file \(\d+ tests?\) of 1 into/);
      expect(sharded.cli(['export', `shard-${shard}.jri`]).stdout).toMatch(new RegExp(`^Exported 1 test file \\(\\d+ tests?\\) to shard-${shard}\\.jri \\(\\d+\\.\\d kB\\)\\.\\n$`));
      expect(sharded.cli(['reset']).status).toBe(0);
    }
    const merged = sharded.cli(['merge', 'shard-1.jri', 'shard-2.jri', 'shard-3.jri']);
    expect(merged.stdout).toBe(`Merged 3 exports into ${sharded.file('node_modules/.cache/jest-runner-impact')}: 3 test files (10 tests).\n`);

    expect(single.cli(['export', 'single.jri']).status).toBe(0);
    // The same checkout (the run wrote the fixture's snapshot) at another path, without a store.
    moved = single.clone();
    expect(moved.cli(['reset']).status).toBe(0);
    expect(moved.cli(['import', 'single.jri']).stdout).toBe(`Imported 3 test files (10 tests) into ${moved.file('node_modules/.cache/jest-runner-impact')}.\n`);

    const recorded = answers(single);
    expect(Object.keys(recorded.whyTax).length).toBeGreaterThan(0);
    expect(answers(sharded)).toEqual(recorded);
    expect(answers(moved)).toEqual(recorded);

    for (const project of [single, sharded, moved]) {
      project.write('src/tax.js', project.read('src/tax.js').replace('const rate = rates[region] ?? 0;', 'const rate = rates[region] ?? 0.01;'));
      project.write('src/rates.json', project.read('src/rates.json').replace('}', ', "DE": 0.19 }'));
    }
    const edited = answers(single);
    expect((edited.affected as { files: unknown[] }).files.length).toBeGreaterThan(0);
    expect(answers(sharded)).toEqual(edited);
    expect(answers(moved)).toEqual(edited);

    // The moved project's run executes what its imported store predicted, and the single run's.
    const ran = (project: FixtureProject) =>
      project
        .jestJson(['--runner=jest-runner-impact'])
        .json.testResults.flatMap((file) => file.assertionResults.filter((t) => t.status !== 'pending').map((t) => `${file.name.slice(project.dir.length + 1)} › ${t.fullName}`))
        .sort();
    expect(ran(moved)).toEqual(ran(single));
  });

  test('a file that is not an export is refused with one paragraph', () => {
    single.write('not-an-export.jri', 'hello');
    const run = single.cli(['import', 'not-an-export.jri']);
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: 2,
      stderr:
        'jest-impact: Expected a store export written by `jest-impact export` at not-an-export.jri, got a file that is not gzipped JSON (incorrect header check). Pass the file that `jest-impact export FILE` wrote. [E_EXPORT_FORMAT]\n',
    });
  });
});
