import { createHash } from 'node:crypto';
import { afterAll, describe, expect, test } from '@jest/globals';
import { comparableResults, FixtureProject, impactLines } from '../helpers/fixtureProject';
import { readStoreRecord } from '../helpers/storeReader';

const TAX_TESTS = [
  'test/tax.test.js › round',
  'test/tax.test.js › round #2',
  'test/tax.test.js › snapshot of a receipt',
  'test/tax.test.js › table FR',
  'test/tax.test.js › table US',
  'test/tax.test.js › taxFor › charges French VAT',
  'test/tax.test.js › taxFor › charges US sales tax',
];
const pick = (...names: string[]) => names.map((name) => `test/tax.test.js › ${name}`).sort();
const CALLS_TAX_FOR = pick('taxFor › charges US sales tax', 'taxFor › charges French VAT', 'table US', 'table FR', 'snapshot of a receipt');
const LAZY_TESTS = ['test/lazy.test.js › first test requires the module', 'test/lazy.test.js › second test uses the cached module'];

/** The map every supported Jest must record for the CommonJS fixture (original files and lines). */
const EXPECTED_TAX_MAP = {
  1: TAX_TESTS, // require of rates.json: module level
  3: TAX_TESTS, // a module-level constant
  5: TAX_TESTS, // `function round(amount) {`: every test calls round
  6: TAX_TESTS,
  9: CALLS_TAX_FOR,
  10: CALLS_TAX_FOR,
  11: pick('taxFor › charges US sales tax', 'table US', 'snapshot of a receipt'),
  13: pick('taxFor › charges French VAT', 'table FR'),
  14: pick('taxFor › charges French VAT', 'table FR'),
  18: TAX_TESTS,
};

describe.each(['jest30', 'jest29', 'jest29early', 'jest28', 'jest27'] as const)('CommonJS project on %s', (install) => {
  const project = new FixtureProject('cjs', install);
  afterAll(() => project.remove());

  test('results equal the default runner and the line map is exact', () => {
    const plain = project.jestJson([]);
    const impact = project.jestJson(['--runner=jest-runner-impact']);
    expect(comparableResults(impact.json)).toEqual(comparableResults(plain.json));
    expect(impact.json.snapshot).toMatchObject({ matched: 1, unchecked: 1, total: 1 });
    expect(impactLines(impact.run.stderr)).toEqual([
      'Impact: recorded 3 test files (10 tests) of 3 into node_modules/.cache/jest-runner-impact (first run: no store yet).',
    ]);

    expect(project.why('src/tax.js')).toEqual(EXPECTED_TAX_MAP);
    // A test helper is instrumented and recorded like any source.
    expect(project.why('test/helpers/money.js')).toEqual({ 1: pick('taxFor › charges French VAT'), 2: pick('taxFor › charges French VAT'), 5: TAX_TESTS });
    // Module-level code of a module first required inside a test belongs to the load bucket.
    expect(project.why('src/lazy.js')).toEqual({ 1: LAZY_TESTS, 2: LAZY_TESTS, 3: LAZY_TESTS, 6: LAZY_TESTS, 7: LAZY_TESTS, 10: LAZY_TESTS });
  });

  test('each test file records its non-instrumented dependencies and each source its fingerprints', () => {
    const store = project.file('node_modules/.cache/jest-runner-impact');
    const sha1 = (file: string) => createHash('sha1').update(project.read(file)).digest('hex');
    type FileRecord = { status: string; hash: string; dependencies: Array<[string, string]>; sources: string[] };
    const tax = readStoreRecord<FileRecord>(store, ['file', '.', 'test/tax.test.js'])!;
    expect(tax.status).toBe('passed');
    expect(tax.hash).toBe(sha1('test/tax.test.js'));
    expect(tax.sources).toEqual(['src/tax.js', 'test/helpers/money.js']);
    expect(tax.dependencies).toEqual(
      ['src/rates.json', 'test/__snapshots__/tax.test.js.snap', 'test/setup.js'].map((file) => [file, sha1(file)]),
    );
    const mocked = readStoreRecord<FileRecord>(store, ['file', '.', 'test/mocked.test.js'])!;
    // A snapshot file that does not exist yet is tracked too: its appearance is a change.
    expect(mocked.dependencies).toEqual([
      ['src/__mocks__/clock.js', sha1('src/__mocks__/clock.js')],
      ['test/__snapshots__/mocked.test.js.snap', 'missing'],
      ['test/setup.js', sha1('test/setup.js')],
    ]);
    expect(mocked.sources).toEqual([]);

    type SourceRecord = { hash: string; size: number; tokenHash: string; lineHashes: Uint8Array; statementLines: number[]; functions: number[] };
    const source = readStoreRecord<SourceRecord>(store, ['source', 'src/tax.js'])!;
    expect(source.hash).toBe(sha1('src/tax.js'));
    expect(source.size).toBe(project.read('src/tax.js').length);
    expect(source.lineHashes.length).toBe(project.read('src/tax.js').split('\n').length * 4);
    // Gap-encoded statement start lines 1, 3, 6, 10, 11, 13, 14, 18; functions round 5-7 and taxFor 9-16.
    expect(source.statementLines).toEqual([1, 2, 3, 4, 1, 2, 1, 4]);
    expect(source.functions).toEqual([5, 7, 9, 16]);
  });

  test('a second full run (mode all) replaces the records and prints one test per line for a single line', () => {
    const second = project.jestImpact([], { JEST_IMPACT_MODE: 'all' });
    // The fixture keeps an obsolete snapshot, so Jest exits 1 with either runner.
    expect(second.status).toBe(project.jest([]).status);
    expect(second.status).toBe(1);
    expect(impactLines(second.stderr)).toEqual([
      'Impact: recorded 3 test files (10 tests) of 3 into node_modules/.cache/jest-runner-impact (mode: all).',
    ]);
    const line11 = project.cli(['why', 'src/tax.js:11']);
    expect(line11.stdout.trim().split('\n')).toEqual(EXPECTED_TAX_MAP[11]);
  });

  test('with nothing changed, the default mode runs nothing and reports every file as skipped', () => {
    const { run, json } = project.jestJson(['--runner=jest-runner-impact']);
    expect(impactLines(run.stderr)).toEqual(['Impact: 0 of 3 test files (0 of 10 tests) run: nothing changed since the last run; 3 files skipped.']);
    expect(run.status).toBe(0);
    expect([json.numTotalTestSuites, json.numTotalTests, json.numPendingTests, json.numPassedTests]).toEqual([3, 10, 10, 0]);
    expect(json.testResults.flatMap((file) => file.assertionResults.map((test) => test.status))).toEqual(Array(10).fill('pending'));
    expect(project.why('src/tax.js')).toEqual(EXPECTED_TAX_MAP);
  });
});

describe('the nostrils example', () => {
  const project = new FixtureProject('../../examples/nostrils');
  afterAll(() => project.remove());

  test("add's body maps to the three add tests, subtract's body to the subtract test", () => {
    expect(project.jestImpact([]).status).toBe(0);
    const adds = ['test/worker.test.js › Foo › add', 'test/worker.test.js › add', 'test/worker.test.js › add negative'];
    const subtracts = ['test/worker.test.js › subtract'];
    expect(project.why('src/worker.js')).toEqual({ 1: adds, 2: adds, 3: adds, 6: subtracts, 7: subtracts, 8: subtracts, 11: [...adds, ...subtracts].sort() });
    const output = project.cli(['why', 'src/worker.js']).stdout;
    expect(output.split('\n').slice(0, 4)).toEqual(['src/worker.js:1', `  ${adds[0]}`, `  ${adds[1]}`, `  ${adds[2]}`]);

    // The rest of `npm run example` (examples/nostrils/run.sh): a line of subtract changes.
    project.write('src/worker.js', project.read('src/worker.js').replace('  var z = x - y;', '  var z = x - y - 0;'));
    const test = { JEST_IMPACT_GRANULARITY: 'test' };
    expect(project.cli(['affected', '--explain'], test).stdout).toBe(
      '1 of 1 test file (1 test) would run: 1 changed line in 1 file.\ntest/worker.test.js › subtract\n  because src/worker.js:7 changed\n',
    );
    const run = project.jestImpact(['--verbose'], test);
    expect(run.stderr).toContain('\nImpact: 1 of 1 test file (1 of 4 tests) touches 1 changed line in 1 file; 0 files skipped.\n  src/worker.js:7 changed -> test/worker.test.js\n');
    expect(run.stderr).toContain('  ✓ subtract');
    expect(run.stderr).toContain('Tests:       3 skipped, 1 passed, 4 total');
  });
});
