import { describeReason } from '../select/reasons';
import { fileKeyOf, type Selection } from '../select/selectTests';
import { plural } from './output';
import type { FileRecording } from '../recording';
import type { JestTestResult } from './jestTypes';

/** A test that failed in a `verify` run, or a test file that failed to run. */
export interface FailedTest {
  project: string;
  testPath: string;
  /** The test's id, or undefined for a file that failed before any test. */
  testId?: string;
}

/** Whether mode `only` would have run the test: its file selected whole, or the test among the selected ones. */
export function wouldHaveRun(selection: Selection, failed: FailedTest): boolean {
  const entry = selection.files.get(fileKeyOf(failed.project, failed.testPath));
  if (!entry) return false;
  return entry.all || failed.testId === undefined || entry.tests.has(failed.testId);
}

const MAX_CHANGES = 8;

/** The changes the selection saw, one cause each (the same words as the summary). */
function changesSeen(selection: Selection): string[] {
  const causes = new Set<string>();
  for (const file of selection.files.values()) for (const reason of file.reasons) causes.add(describeReason(reason));
  return [...causes];
}

/**
 * The `verify` report (DESIGN.md §1, mode verify): each failing test that `only` would have skipped,
 * with the decision behind it. A test is skipped when no rule selected it: none of its recorded lines,
 * sources, test file or dependencies changed. Its failure then comes from something the runner cannot
 * see, and the report says what the selection did see.
 */
export function verifyReportLines(selection: Selection, missed: FailedTest[]): string[] {
  if (missed.length === 0) return ['Impact verify: every failing test would have run in mode "only".'];
  const changes = changesSeen(selection);
  const seen =
    changes.length === 0
      ? 'it saw no change since the last run'
      : `the changes it saw were: ${changes.slice(0, MAX_CHANGES).join('; ')}${changes.length > MAX_CHANGES ? `; and ${changes.length - MAX_CHANGES} more` : ''}`;
  return [
    `Impact verify: ${plural(missed.length, 'failing test')} would have been skipped in mode "only":`,
    ...missed.map((test) => `  ${test.testPath} › ${test.testId ?? '(the test file failed to run)'}`),
    `  Rule: none selected ${missed.length === 1 ? 'it' : 'them'}: no recorded line, source, test file or dependency of ${missed.length === 1 ? 'this test' : 'these tests'} changed, and ${missed.length === 1 ? 'it' : 'they'} passed last time; ${seen}.`,
    '  They depend on something the runner cannot see (an environment variable, the clock, the network, another test, a file outside rootDir read at run time, a child process that is not Node.js). Keep mode "verify" or "all" until that dependency is removed or covered by alwaysRun.',
  ];
}

/** Ids of a file's failing tests, or [undefined] when the file failed before running any test. */
export function failuresOf(result: JestTestResult, recording: FileRecording | undefined): Array<string | undefined> {
  if (result.testExecError || (result.numFailingTests === 0 && result.failureMessage)) return [undefined];
  const failed = recording?.tests.filter((test) => test.status === 'failed').map((test) => test.id) ?? [];
  if (failed.length === 0 && result.numFailingTests > 0) return [undefined];
  return failed;
}
