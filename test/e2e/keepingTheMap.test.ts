import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject, impactLines } from '../helpers/fixtureProject';
import { readStoreRecord } from '../helpers/storeReader';

const STORE = 'node_modules/.cache/jest-runner-impact';
const ALL = { JEST_IMPACT_MODE: 'all' };

describe('after a selected run the map stays true', () => {
  const project = new FixtureProject('cjs');
  afterAll(() => project.remove());

  test('tests that did not run keep their lines, moved to the new line numbers', () => {
    project.jestImpact([], ALL);
    const before = project.why('src/tax.js');
    // A comment line on top moves every line down; the FR branch changes, so only its tests run.
    project.write('src/tax.js', `// Taxes.\n${project.read('src/tax.js').replace('return round(amount * rate);', 'return round(amount * rate * 1);')}`);
    const run = project.jestImpact([], { JEST_IMPACT_GRANULARITY: 'test' });
    expect(impactLines(run.stderr)).toEqual(['Impact: 1 of 3 test files (2 of 10 tests) touches 1 changed line in 1 file; 2 files skipped.']);
    const shifted = Object.fromEntries(Object.entries(before).map(([line, tests]) => [Number(line) + 1, tests]));
    expect(project.why('src/tax.js')).toEqual(shifted);
    // And a change to a moved line still selects the tests that executed it.
    project.write('src/tax.js', project.read('src/tax.js').replace('return round(amount * rates.US);', 'return round(amount * rates.US * 1);'));
    const next = project.jestImpact([], { JEST_IMPACT_GRANULARITY: 'test' });
    expect(impactLines(next.stderr)).toEqual(['Impact: 1 of 3 test files (3 of 10 tests) touches 1 changed line in 1 file; 2 files skipped.']);
  });
});

describe('a changed line whose tests this run leaves out', () => {
  const project = new FixtureProject('cjs');
  afterAll(() => project.remove());

  test('keeps the tests that executed its previous version until they run again', () => {
    project.jestImpact([], ALL);
    const before = project.why('src/tax.js');
    expect(before[11]).toEqual(expect.arrayContaining([expect.stringContaining('US')]));
    project.write('src/tax.js', project.read('src/tax.js').replace('return round(amount * rates.US);', 'return round(amount * rates.US * 1);'));
    // A path pattern leaves the impacted file out: the run moves the store to the new version of
    // src/tax.js and marks the impacted tests dirty, and line 11 keeps the tests that executed it.
    const other = project.jestImpact(['test/lazy.test.js'], { JEST_IMPACT_GRANULARITY: 'test' });
    expect(impactLines(other.stderr)).toEqual(['Impact: 0 of 1 test file (0 of 2 tests) touch 1 changed line in 1 file; 1 file skipped.']);
    expect(project.why('src/tax.js')).toEqual(before);
    const next = project.jestImpact([], { JEST_IMPACT_GRANULARITY: 'test' });
    expect(impactLines(next.stderr)).toEqual(['Impact: 1 of 3 test files (3 of 10 tests) is impacted; 2 files skipped.']);
    expect(project.why('src/tax.js')).toEqual(before);
  });
});

describe('a comment or formatting change to a test file', () => {
  const project = new FixtureProject('cjs');
  afterAll(() => project.remove());

  test('moves the file\'s record to the new version: a later change inside one test still runs only that test', () => {
    project.jestImpact([], ALL);
    // Two comment lines above the describe block move every test down by two lines.
    project.write('test/tax.test.js', project.read('test/tax.test.js').replace("describe('taxFor'", "// Tax rules.\n// Rates in src/rates.json.\ndescribe('taxFor'"));
    const comment = project.jestImpact([], { JEST_IMPACT_GRANULARITY: 'test' });
    expect(impactLines(comment.stderr)).toEqual([
      'Impact: 0 of 3 test files (0 of 10 tests) run: test/tax.test.js changed only in comments or formatting: no test to run; 3 files skipped.',
    ]);
    const record = readStoreRecord<{ hash: string; size: number }>(project.file(STORE), ['file', '.', 'test/tax.test.js']);
    expect(record).toMatchObject({ hash: createHash('sha1').update(fs.readFileSync(project.file('test/tax.test.js'))).digest('hex'), size: fs.statSync(project.file('test/tax.test.js')).size });

    // A change inside the French VAT test, now two lines lower.
    project.write('test/tax.test.js', project.read('test/tax.test.js').replace('toBe(200)', 'toBe(200.0)'));
    const { run, json } = project.jestJson(['--runner=jest-runner-impact'], { JEST_IMPACT_GRANULARITY: 'test' });
    expect(impactLines(run.stderr)).toEqual(['Impact: 1 of 3 test files (1 of 10 tests) is impacted; 2 files skipped.']);
    expect(json.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === 'passed').map((test) => test.fullName))).toEqual(['taxFor charges French VAT']);
  });
});

describe('mode first', () => {
  const project = new FixtureProject('cjs');
  afterAll(() => project.remove());

  test('runs the impacted file first, then every other file in Jest order', () => {
    project.jestImpact([], ALL);
    project.write('src/lazy.js', project.read('src/lazy.js').replace('return table[index];', 'return table[index] + 0;'));
    const { run, json } = project.jestJson(['--runner=jest-runner-impact', '--runInBand'], { JEST_IMPACT_MODE: 'first' });
    expect(json.testResults.map((file) => file.name.slice(project.dir.length + 1))[0]).toBe('test/lazy.test.js');
    expect(json.numTotalTests).toBe(10);
    expect(json.numPendingTests).toBe(0);
    expect(impactLines(run.stderr)).toEqual(['Impact: 1 of 3 test files touches 1 changed line in 1 file and ran first; then the other 2 files ran.']);
  });
});
