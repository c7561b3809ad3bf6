import { describe, expect, test } from '@jest/globals';
import { formatAffected, type AffectedAnswer } from '../../src/cli/affected';
import { formatWrittenReport } from '../../src/cli/report';
import { formatStatus, type StatusReport } from '../../src/cli/status';
import type { RecordingTotals } from '../../src/runner/runRecorder';
import { formattingOnlyText, summaryLines, type SummaryInput } from '../../src/runner/summary';
import { filesOutsideRoots, outsideRootsNotice, rootsToAdd } from '../../src/runner/outsideRoots';
import type { FileSelection, Selection } from '../../src/select/selectTests';

const totals = (change: Partial<RecordingTotals> = {}): RecordingTotals => ({
  testFiles: 1,
  tests: 1,
  erroredFiles: 0,
  writeMs: 0,
  coverageOfSkipped: 0,
  unrecordedProjects: new Map(),
  ...change,
});

const file = (testPath: string, reasons: FileSelection['reasons']): FileSelection => ({
  project: '.',
  testPath,
  all: true,
  tests: new Set(),
  reasons,
  touchedLines: 1,
  failedBefore: false,
  durationMs: 1,
});

const selection = (files: FileSelection[], changedLines = 0, changedFiles = 0): Selection => ({
  files: new Map(files.map((entry) => [entry.testPath, entry])),
  changedLines,
  changedFiles,
});

const summary = (input: Partial<SummaryInput>) =>
  summaryLines({ mode: 'only', totals: totals(), candidateFiles: 3, selectedFiles: 1, knownTests: 4, storeLocation: 'node_modules/.cache/jest-runner-impact', ...input });

const status = (change: Partial<StatusReport>): StatusReport => ({
  store: '/p/node_modules/.cache/jest-runner-impact',
  schema: 8,
  packageVersion: '0.1.0',
  jestVersion: '30.5.2',
  nodeMajor: 20,
  testFiles: 1,
  tests: 1,
  erroredTestFiles: 0,
  sources: 1,
  coveredLines: 1,
  bytesOnDisk: 2048,
  lastRun: { finishedAt: '2026-12-02T10:00:00.000Z', testFiles: 1, tests: 1, mode: 'only', storeWriteMs: 3, planMs: 12, parentMaxRssKb: 1000 },
  ...change,
});

const affected = (change: Partial<AffectedAnswer>): AffectedAnswer => ({ fullRunReason: null, changedLines: 1, changedFiles: 1, testFiles: 2, files: [], ...change });

/** Every message the summary and the CLI print, for grammar, plurals and truth: [case, message, expected]. */
const MESSAGES: Array<[string, () => string, string]> = [
  ['full run, one of each', () => summary({ fullRunReason: 'first run: no store yet', candidateFiles: 1 })[0]!, 'Impact: recorded 1 test file (1 test) of 1 into node_modules/.cache/jest-runner-impact (first run: no store yet).'],
  ['full run, many', () => summary({ fullRunReason: 'mode: all', totals: totals({ testFiles: 3, tests: 9 }) })[0]!, 'Impact: recorded 3 test files (9 tests) of 3 into node_modules/.cache/jest-runner-impact (mode: all).'],
  ['one errored file', () => summary({ fullRunReason: 'mode: all', totals: totals({ erroredFiles: 1 }) })[1]!, '  1 test file failed to run: it kept its last records, and runs again next time.'],
  ['two errored files', () => summary({ fullRunReason: 'mode: all', totals: totals({ erroredFiles: 2 }) })[1]!, '  2 test files failed to run: they kept their last records, and run again next time.'],
  [
    'selected, one changed line',
    () => summary({ selection: selection([file('test/a.test.js', [{ rule: 'lines-changed', source: 'src/a.js', lines: [3] }])], 1, 1) }).join('\n'),
    'Impact: 1 of 3 test files (1 of 4 tests) touches 1 changed line in 1 file; 2 files skipped.\n  src/a.js:3 changed -> test/a.test.js',
  ],
  ['nothing changed', () => summary({ selection: selection([]), selectedFiles: 0, totals: totals({ testFiles: 0, tests: 0 }) })[0]!, 'Impact: 0 of 3 test files (0 of 4 tests) run: nothing changed since the last run; 3 files skipped.'],
  [
    'a comment-only edit',
    () => summary({ selection: selection([]), selectedFiles: 0, totals: totals({ testFiles: 0, tests: 0 }), formattingOnly: ['src/a.js'] })[0]!,
    'Impact: 0 of 3 test files (0 of 4 tests) run: src/a.js changed only in comments or formatting: no test to run; 3 files skipped.',
  ],
  ['two comment-only files', () => formattingOnlyText(['src/a.js', 'src/b.js']), 'src/a.js and src/b.js'],
  ['many comment-only files', () => formattingOnlyText(['src/a.js', 'src/b.js', 'src/c.js']), 'src/a.js and 2 more files'],
  [
    'first mode with files left',
    () => summary({ mode: 'first', selection: selection([file('test/a.test.js', [{ rule: 'failed' }])]) })[0]!,
    'Impact: 1 of 3 test files is impacted and ran first; then the other 2 files ran.',
  ],
  ['first mode with none left', () => summary({ mode: 'first', candidateFiles: 1, selection: selection([file('test/a.test.js', [{ rule: 'failed' }])]) })[0]!, 'Impact: 1 of 1 test file is impacted and ran first.'],
  ['coverage of one skipped file', () => summary({ selection: selection([]), selectedFiles: 0, totals: totals({ coverageOfSkipped: 1 }) })[1]!, '  The coverage report includes the recorded coverage of 1 skipped test file.'],
  [
    'status, one of each',
    () => formatStatus(status({}), '/p'),
    [
      'Store:        node_modules/.cache/jest-runner-impact',
      'Schema:       8 (written by jest-runner-impact 0.1.0)',
      'Jest:         30.5.2 on Node 20',
      'Test files:   1 (1 test, 0 errored files)',
      'Sources:      1 (1 line executed by recorded tests)',
      'Size on disk: 2.0 kB',
      'Last run:     2026-12-02T10:00:00.000Z: 1 test file, 1 test recorded (12 ms planning, 3 ms writing the store)',
    ].join('\n'),
  ],
  ['status, many', () => formatStatus(status({ testFiles: 2, tests: 5, erroredTestFiles: 1 }), '/p').split('\n')[3]!, 'Test files:   2 (5 tests, 1 errored file)'],
  ['status, never run', () => formatStatus(status({ lastRun: null }), '/p').split('\n')[6]!, 'Last run:     never'],
  [
    'affected, one test',
    () => formatAffected(affected({ files: [{ project: '.', testPath: 'test/a.test.js', all: false, tests: ['adds'], reasons: ['src/a.js:3 changed'] }] }), true),
    '1 of 2 test files (1 test) would run: 1 changed line in 1 file.\ntest/a.test.js › adds\n  because src/a.js:3 changed',
  ],
  ['affected, full run', () => formatAffected(affected({ fullRunReason: 'package.json changed (fullRunOn)' }), false), 'Every test runs next time: package.json changed (fullRunOn).'],
  [
    'report written',
    () => formatWrittenReport({ directory: '/p/impact-report', sources: 1, testFiles: 1, tests: 1, ms: 1234 }, '/p'),
    'Wrote the impact report of 1 source file and 1 test file (1 test) to impact-report in 1.2 s: open file:///p/impact-report/index.html',
  ],
  [
    'one source outside roots',
    () => outsideRootsNotice(['index.js']),
    'Jest watches only the files under its roots, and a recorded source lies outside them (index.js): a save there starts no watch run. Add "jest-runner-impact/watch-plugin" to watchPlugins in the Jest config, and such a save runs the tests it impacts; or add "<rootDir>" to roots.',
  ],
  [
    'many sources outside roots',
    () => outsideRootsNotice(['lib/a.js', 'lib/b.js', 'src/c.js', 'src/d.js']),
    'Jest watches only the files under its roots, and 4 recorded sources lie outside them (lib/a.js, lib/b.js, src/c.js and 1 more): a save there starts no watch run. Add "jest-runner-impact/watch-plugin" to watchPlugins in the Jest config, and such a save runs the tests it impacts; or add "<rootDir>/lib" and "<rootDir>/src" to roots.',
  ],
];

describe('files outside roots', () => {
  test('are the recorded files under no project root, node_modules left out', () => {
    expect(filesOutsideRoots(['src/a.js', 'test/helper.js', 'testdata/x.json', 'node_modules/dep/index.js', 'lib/b.js'], '/p', [['/p/test'], ['/p/lib']])).toEqual([
      'src/a.js',
      'testdata/x.json',
    ]);
  });

  test('a root that is rootDir itself covers everything', () => {
    expect(filesOutsideRoots(['src/a.js', 'index.js'], '/p', [['/p']])).toEqual([]);
  });

  test('the roots to add are the files\' top-level folders', () => {
    expect(rootsToAdd(['src/a.js', 'src/b/c.js', 'index.js'])).toEqual(['<rootDir>', '<rootDir>/src']);
  });
});

describe('messages', () => {
  test.each(MESSAGES)('%s', (_name, produce, expected) => {
    expect(produce()).toBe(expected);
  });
});
