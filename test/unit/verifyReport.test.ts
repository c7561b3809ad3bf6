import { describe, expect, test } from '@jest/globals';
import { verifyReportLines, wouldHaveRun } from '../../src/runner/verifyReport';
import { fileKeyOf, type FileSelection, type Selection } from '../../src/select/selectTests';

function selectionOf(files: Array<Partial<FileSelection> & { testPath: string }>): Selection {
  const entries = files.map((file): FileSelection => ({
    project: '.',
    all: false,
    tests: new Set(),
    reasons: [],
    touchedLines: 0,
    failedBefore: false,
    durationMs: 0,
    ...file,
  }));
  return { files: new Map(entries.map((entry) => [fileKeyOf(entry.project, entry.testPath), entry])), changedLines: 1, changedFiles: 1 };
}

describe('wouldHaveRun', () => {
  const selection = selectionOf([
    { testPath: 'a.test.js', all: true },
    { testPath: 'b.test.js', tests: new Set(['sum › adds']) },
  ]);
  test.each([
    ['a test of a file selected whole', { testPath: 'a.test.js', testId: 'anything' }, true],
    ['a selected test', { testPath: 'b.test.js', testId: 'sum › adds' }, true],
    ['another test of a file of which some tests were selected', { testPath: 'b.test.js', testId: 'sum › adds zero' }, false],
    ['a file that failed to run, of which some tests were selected', { testPath: 'b.test.js' }, true],
    ['a test of a file not selected', { testPath: 'c.test.js', testId: 'x' }, false],
  ])('%s', (_name, failed, expected) => {
    expect(wouldHaveRun(selection, { project: '.', ...failed })).toBe(expected);
  });
});

describe('verifyReportLines', () => {
  test('no missed failure', () => {
    expect(verifyReportLines(selectionOf([]), [])).toEqual(['Impact verify: every failing test would have run in mode "only".']);
  });

  test('missed failures, with no change seen', () => {
    const lines = verifyReportLines(selectionOf([]), [
      { project: '.', testPath: 'a.test.js', testId: 'reads the clock' },
      { project: '.', testPath: 'b.test.js' },
    ]);
    expect(lines.slice(0, 3)).toEqual([
      'Impact verify: 2 failing tests would have been skipped in mode "only":',
      '  a.test.js › reads the clock',
      '  b.test.js › (the test file failed to run)',
    ]);
    expect(lines[3]).toBe(
      '  Rule: none selected them: no recorded line, source, test file or dependency of these tests changed, and they passed last time; it saw no change since the last run.',
    );
  });

  test('the changes seen are listed once each, as in the summary', () => {
    const selection = selectionOf([
      { testPath: 'a.test.js', reasons: [{ rule: 'lines-changed', source: 'src/a.js', lines: [3, 4] }, { rule: 'dependency-changed', file: 'src/rates.json', detail: 'src/rates.json changed (not instrumented)' }] },
      { testPath: 'b.test.js', reasons: [{ rule: 'lines-changed', source: 'src/a.js', lines: [3, 4] }] },
    ]);
    expect(verifyReportLines(selection, [{ project: '.', testPath: 'c.test.js', testId: 'x' }])[2]).toBe(
      '  Rule: none selected it: no recorded line, source, test file or dependency of this test changed, and it passed last time; the changes it saw were: src/a.js:3-4 changed; src/rates.json changed (not instrumented).',
    );
  });
});
