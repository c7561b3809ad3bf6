import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { open } from 'lmdb';
import { SCHEMA_VERSION } from '../../src/store/schema';
import { FixtureProject, impactLines, impactStatus as status, runBothRunners as runBoth } from '../helpers/fixtureProject';
import { readStoreRecord } from '../helpers/storeReader';

/**
 * Everything that can go wrong around a run: a test framework we cannot record, a store we cannot
 * write or read, an unsupported Jest, bad options, --runInBand and --bail (crashing workers:
 * workerCrashes.test.ts). In every
 * case the suite runs and reports exactly as with Jest's default runner.
 */

const DEFAULT_STORE = 'node_modules/.cache/jest-runner-impact';

/** The `basic` fixture's map (src/greet.js, src/sum.js), the same whatever else happens in the run. */
const GREET_MAP = {
  1: ['test/greet.test.js › greets'],
  2: ['test/greet.test.js › greets'],
  5: ['test/farewell.test.js › says goodbye'],
  6: ['test/farewell.test.js › says goodbye'],
  9: ['test/farewell.test.js › says goodbye', 'test/greet.test.js › greets'],
};
const SUM_TESTS = ['test/sum.test.js › sum › of nothing', 'test/sum.test.js › sum › of three numbers'];
const SUM_MAP = {
  1: SUM_TESTS,
  2: SUM_TESTS,
  3: SUM_TESTS,
  4: ['test/sum.test.js › sum › of three numbers'],
  6: SUM_TESTS,
  9: SUM_TESTS,
};

/** Opens a store's database with exactly the runner's open options (src/store/openStore.ts). */
function openForWriting(storeDir: string) {
  return open({ compression: false, useVersions: false, encoding: 'msgpack', noMemInit: true, path: path.join(storeDir, 'impact.mdb') });
}


describe('a project with testRunner jest-jasmine2', () => {
  const project = new FixtureProject('jasmine');
  afterAll(() => project.remove());

  test('runs as with the default runner, warns once that its tests always run, and records no test', () => {
    const { plain, impact } = runBoth(project, []);
    expect(impact.json.numFailedTests).toBe(1);
    expect(impact.json.numPassedTests).toBe(3);
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(1);
    expect(impactLines(impact.run.stderr)).toEqual([
      'jest-runner-impact: Project "." runs its tests with jest-jasmine2, not jest-circus: its 2 test files cannot be recorded and will always run. Remove the "testRunner" option from the Jest config to use jest-circus, Jest\'s default.',
      `Impact: recorded 0 test files (0 tests) of 2 into ${DEFAULT_STORE} (first run: no store yet).`,
    ]);
    expect(project.why('src/shapes.js')).toEqual({});
    expect(status(project)).toMatchObject({ testFiles: 2, tests: 0, erroredTestFiles: 0 });
  });
});

describe('a store directory that cannot be written', () => {
  const project = new FixtureProject('basic');
  afterAll(() => project.remove());

  test('under a regular file (ENOTDIR): the suite runs unrecorded with one warning', () => {
    project.write('not-a-directory', 'a regular file\n');
    const store = project.file('not-a-directory/store');
    const { plain, impact } = runBoth(project, [], { JEST_IMPACT_STORE: store });
    expect(impact.json.numPassedTests).toBe(4);
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([
      `jest-runner-impact: Expected a writable store directory at ${store}, got ENOTDIR: not a directory, mkdir '${store}'. Point the "store" option (or JEST_IMPACT_STORE) at a writable directory, or fix the permissions. [E_STORE_UNWRITABLE] Recording was skipped; the tests ran with Jest's default runner.`,
    ]);
    expect(fs.readFileSync(project.file('not-a-directory'), 'utf8')).toBe('a regular file\n');
    expect(fs.existsSync(project.file(DEFAULT_STORE))).toBe(false);
  });

  test('in /sys (EPERM, even for root): the suite runs unrecorded with one warning', () => {
    const store = '/sys/jest-impact-store';
    const { plain, impact } = runBoth(project, [], { JEST_IMPACT_STORE: store });
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([
      `jest-runner-impact: Expected a writable store directory at ${store}, got EPERM: operation not permitted, mkdir '${store}'. Point the "store" option (or JEST_IMPACT_STORE) at a writable directory, or fix the permissions. [E_STORE_UNWRITABLE] Recording was skipped; the tests ran with Jest's default runner.`,
    ]);
    expect(fs.existsSync(store)).toBe(false);
  });
});

describe('a store that this version cannot read', () => {
  const project = new FixtureProject('basic');
  const store = project.file(DEFAULT_STORE);
  afterAll(() => project.remove());

  test('a store of another schema is refused by the CLI, then rebuilt with a message by the next run', () => {
    expect(project.jestImpact([]).status).toBe(0);
    const db = openForWriting(store);
    const meta = db.get(['meta']) as Record<string, unknown>;
    expect(meta).toMatchObject({ schema: SCHEMA_VERSION });
    db.putSync(['meta'], { ...meta, schema: 999, packageVersion: '9.9.9' });
    void db.close();

    const refused = project.cli(['why', 'src/sum.js']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `jest-impact: Expected a store of schema ${SCHEMA_VERSION} at ${store}, got schema 999. Run \`jest --runner=jest-runner-impact\` to rebuild it, or \`npx jest-impact reset\` to delete it. [E_STORE_SCHEMA]`,
    );

    const { impact } = runBoth(project, []);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([
      `jest-runner-impact: The store at ${store} was rebuilt: the store has schema 999 (written by jest-runner-impact 9.9.9); this version reads schema ${SCHEMA_VERSION}. This run records it again.`,
      `Impact: recorded 3 test files (4 tests) of 3 into ${DEFAULT_STORE} (the store was rebuilt).`,
    ]);
    expect(project.why('src/greet.js')).toEqual(GREET_MAP);
    expect(project.why('src/sum.js')).toEqual(SUM_MAP);
    expect(status(project)).toMatchObject({ schema: SCHEMA_VERSION, packageVersion: '0.1.0', testFiles: 3, tests: 4 });
  });

  test('an LMDB database written by someone else is rebuilt', () => {
    fs.rmSync(store, { recursive: true, force: true });
    fs.mkdirSync(store, { recursive: true });
    const db = openForWriting(store);
    db.putSync(['someone', 'else'], { hello: 'world' });
    void db.close();

    const { impact } = runBoth(project, []);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([
      `jest-runner-impact: The store at ${store} was rebuilt: the store was not written by jest-runner-impact. This run records it again.`,
      `Impact: recorded 3 test files (4 tests) of 3 into ${DEFAULT_STORE} (the store was rebuilt).`,
    ]);
    expect(readStoreRecord(store, ['someone', 'else'])).toBeUndefined();
    expect(project.why('src/sum.js')).toEqual(SUM_MAP);
  });

  test('a file of garbage bytes in place of the database: a clean message from the CLI, and the run rebuilds it', () => {
    fs.rmSync(store, { recursive: true, force: true });
    fs.mkdirSync(store, { recursive: true });
    // Bytes that are not an LMDB environment: lmdb itself would crash the process mapping them.
    const garbage = Buffer.alloc(12_288);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    fs.writeFileSync(path.join(store, 'impact.mdb'), garbage);
    const database = path.join(store, 'impact.mdb');

    const refused = project.cli(['status']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `jest-impact: Could not open the store at ${store}: ${database} is not an LMDB data file (no LMDB header). Run \`npx jest-impact reset\` to delete it; the next run records a new one. [E_STORE_CORRUPT]`,
    );

    const { impact } = runBoth(project, []);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([
      `jest-runner-impact: The store at ${store} was rebuilt: the store could not be read (${database} is not an LMDB data file (no LMDB header)). This run records it again.`,
      `Impact: recorded 3 test files (4 tests) of 3 into ${DEFAULT_STORE} (the store was rebuilt).`,
    ]);
    expect(project.why('src/greet.js')).toEqual(GREET_MAP);
    expect(project.why('src/sum.js')).toEqual(SUM_MAP);

    // A database cut short (a copy interrupted half-way) is rebuilt the same way.
    fs.truncateSync(database, 4096);
    const truncated = project.jestImpact([]);
    expect(truncated.status).toBe(0);
    expect(impactLines(truncated.stderr)).toEqual([
      `jest-runner-impact: The store at ${store} was rebuilt: the store could not be read (${database} is truncated (4096 bytes, smaller than its two 4096-byte meta pages)). This run records it again.`,
      `Impact: recorded 3 test files (4 tests) of 3 into ${DEFAULT_STORE} (the store was rebuilt).`,
    ]);
    expect(project.why('src/sum.js')).toEqual(SUM_MAP);
  });
});

describe('Jest 26, an unsupported version', () => {
  const project = new FixtureProject('basic', 'jest26');
  afterAll(() => project.remove());

  test('the suite runs with Jest 26\'s own runner and one paragraph names the supported versions', () => {
    const { plain, impact } = runBoth(project, []);
    expect(impact.json.numPassedTests).toBe(4);
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([
      "jest-runner-impact: jest-runner-impact supports Jest 27, 28, 29 and 30; this project runs Jest 26.6.3. Its tests run with Jest's default runner and nothing is recorded. Upgrade Jest to 30 (npm install --save-dev jest@30), or remove the runner from the Jest config. [E_JEST_VERSION]",
    ]);
    expect(fs.existsSync(project.file(DEFAULT_STORE))).toBe(false);
  });
});

describe('bad options and mode off', () => {
  const project = new FixtureProject('basic');
  const packageJson = JSON.parse(project.read('package.json')) as Record<string, unknown>;
  const withOptions = (options: unknown) => project.write('package.json', `${JSON.stringify({ ...packageJson, 'jest-runner-impact': options }, null, 2)}\n`);
  afterAll(() => project.remove());

  test('a bad mode value: tests run and report, one paragraph names key, value and allowed values, exit code 1', () => {
    withOptions({ mode: 'fast' });
    const { plain, impact } = runBoth(project, []);
    expect(plain.run.status).toBe(0);
    expect(impact.json.success).toBe(true);
    expect(impact.json.numPassedTests).toBe(4);
    expect(impact.run.status).toBe(1);
    expect(impactLines(impact.run.stderr)).toEqual([
      'jest-runner-impact: Expected option "mode" to be one of "only", "first", "all", "verify", "off"; got "fast" (from package.json key "jest-runner-impact"). Set "mode" to one of the allowed values. [E_CONFIG] This run used Jest\'s default runner and recorded nothing.',
    ]);
    expect(fs.existsSync(project.file(DEFAULT_STORE))).toBe(false);
  });

  test('an unknown key: tests run and report, one paragraph names the key, its value and the allowed keys, exit code 1', () => {
    withOptions({ mode: 'all', speed: 3 });
    const { impact } = runBoth(project, []);
    expect(impact.json.numPassedTests).toBe(4);
    expect(impact.run.status).toBe(1);
    expect(impactLines(impact.run.stderr)).toEqual([
      'jest-runner-impact: Unknown option "speed" in package.json key "jest-runner-impact". It is set to 3. Allowed options are mode, granularity, store, fullRunOn, alwaysRun, live. [E_CONFIG] This run used Jest\'s default runner and recorded nothing.',
    ]);
    expect(fs.existsSync(project.file(DEFAULT_STORE))).toBe(false);
  });

  test('JEST_IMPACT_MODE=off behaves as the default runner and writes no store', () => {
    project.write('package.json', `${JSON.stringify(packageJson, null, 2)}\n`);
    const { plain, impact } = runBoth(project, [], { JEST_IMPACT_MODE: 'off' });
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(0);
    expect(impactLines(impact.run.stderr)).toEqual([]);
    expect(fs.existsSync(project.file(DEFAULT_STORE))).toBe(false);
  });
});

describe('--runInBand and --bail with a failing test file', () => {
  const project = new FixtureProject('basic');
  project.write('test/wrong.test.js', "const { sum } = require('../src/sum');\n\ntest('expects the wrong total', () => {\n  expect(sum([1, 1])).toBe(3);\n});\n");
  afterAll(() => project.remove());

  test('--runInBand: results and exit code equal the default runner, every file recorded', () => {
    const { plain, impact } = runBoth(project, ['--runInBand']);
    expect(impact.json.numFailedTests).toBe(1);
    expect(impact.json.numPassedTests).toBe(4);
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(1);
    expect(impactLines(impact.run.stderr)).toEqual([`Impact: recorded 4 test files (5 tests) of 4 into ${DEFAULT_STORE} (first run: no store yet).`]);
    expect(project.why('src/greet.js')).toEqual(GREET_MAP);
    expect(project.why('src/sum.js')).toEqual({
      1: [...SUM_TESTS, 'test/wrong.test.js › expects the wrong total'],
      2: [...SUM_TESTS, 'test/wrong.test.js › expects the wrong total'],
      3: [...SUM_TESTS, 'test/wrong.test.js › expects the wrong total'],
      4: ['test/sum.test.js › sum › of three numbers', 'test/wrong.test.js › expects the wrong total'],
      6: [...SUM_TESTS, 'test/wrong.test.js › expects the wrong total'],
      9: [...SUM_TESTS, 'test/wrong.test.js › expects the wrong total'],
    });
    expect(readStoreRecord(project.file(DEFAULT_STORE), ['file', '.', 'test/wrong.test.js'])).toMatchObject({
      status: 'failed',
      tests: [{ id: 'expects the wrong total', status: 'failed' }],
    });
  });

  test('--runInBand --bail: Jest stops at the failing file and exits; the summary and the last run are still written', () => {
    fs.rmSync(project.file(DEFAULT_STORE), { recursive: true, force: true });
    // On --bail Jest exits before it writes a --json report: compare its terminal report instead.
    const plain = project.jest(['--runInBand', '--bail']);
    const impact = project.jestImpact(['--runInBand', '--bail']);
    const report = (stderr: string) => stderr.split('\n').filter((line) => /^(PASS|FAIL) |^(Tests|Test Suites|Snapshots):/.test(line)).map((line) => line.replace(/\s+/g, ' '));
    expect(report(impact.stderr)).toEqual(report(plain.stderr));
    expect(impact.status).toBe(plain.status);
    expect(impact.status).toBe(1);
    // Which files ran before the bail is Jest's choice (its sequencer); they are the same with both runners.
    const ran = report(impact.stderr).filter((line) => /^(PASS|FAIL) /.test(line)).map((line) => line.slice(5));
    expect(ran).toContain('test/wrong.test.js');
    expect(report(impact.stderr)).toContain(`Test Suites: 1 failed, ${ran.length - 1 > 0 ? `${ran.length - 1} passed, ` : ''}${ran.length} of 4 total`);
    const testCount = Number(/^Tests: .* (\d+) total$/m.exec(report(impact.stderr).join('\n'))?.[1]);
    expect(impactLines(impact.stderr)).toEqual([
      `Impact: recorded ${ran.length} test file${ran.length === 1 ? '' : 's'} (${testCount} test${testCount === 1 ? '' : 's'}) of 4 into ${DEFAULT_STORE} (first run: no store yet).`,
    ]);
    expect(status(project)).toMatchObject({ testFiles: ran.length, tests: testCount, lastRun: { testFiles: ran.length, tests: testCount, mode: 'only' } });
    expect(project.why('src/sum.js:4')).toEqual({
      4: [...(ran.includes('test/sum.test.js') ? ['test/sum.test.js › sum › of three numbers'] : []), 'test/wrong.test.js › expects the wrong total'],
    });
  });
});
