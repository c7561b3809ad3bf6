import { detectChanges, type ChangeSet } from '../changes/detectChanges';
import type { ImpactOptions } from '../config/optionTable';
import { locateJestRunner, readJestVersion } from '../jest/resolveJest';
import { changedFullRunOnFile, hashFullRunOnFiles } from '../runner/fullRunOn';
import { globsToMatcher } from '../runner/globs';
import { plural } from '../runner/output';
import { compareSelected } from '../select/orderTests';
import { describeReason } from '../select/reasons';
import { selectTests } from '../select/selectTests';
import type { ImpactStore } from '../store/ImpactStore';
import { formatTest } from './why';

export interface AffectedFile {
  project: string;
  testPath: string;
  /** Every test of the file, or only `tests`. */
  all: boolean;
  tests: string[];
  reasons: string[];
}

export interface AffectedAnswer {
  /** Why the next run runs everything, when it does. */
  fullRunReason: string | null;
  changedLines: number;
  changedFiles: number;
  testFiles: number;
  files: AffectedFile[];
}

/** Rule 1 as far as the CLI can see it: the Jest, Node and runner versions and the fullRunOn files. */
function fullRunReasonOf(store: ImpactStore, rootDir: string, options: ImpactOptions, packageVersion: string): string | null {
  const meta = store.meta();
  try {
    const jestVersion = readJestVersion(locateJestRunner(rootDir));
    if (Number.parseInt(jestVersion, 10) !== Number.parseInt(meta.jestVersion, 10)) return `Jest changed from ${meta.jestVersion} to ${jestVersion}`;
  } catch {
    // No Jest here: the versions cannot be compared; the runner will.
  }
  const nodeMajor = Number.parseInt(process.versions.node, 10);
  if (meta.nodeMajor !== nodeMajor) return `Node changed from ${meta.nodeMajor} to ${nodeMajor}`;
  if (meta.packageVersion !== packageVersion) return `jest-runner-impact changed from ${meta.packageVersion} to ${packageVersion}`;
  const file = changedFullRunOnFile(meta.fullRunOn, hashFullRunOnFiles(rootDir, options.fullRunOn));
  return file ? `${file} changed (fullRunOn)` : null;
}

/**
 * What the next run would select among the recorded test files, from the same change detection and
 * selection the runner uses. Test files Jest has not seen yet are new to the runner and always run.
 */
export function answerAffected(
  store: ImpactStore,
  rootDir: string,
  options: ImpactOptions,
  packageVersion: string,
  changes: ChangeSet = detectChanges(store, rootDir),
): AffectedAnswer {
  const candidates = [...store.testFiles()].map(({ project, testPath }) => ({ project, testPath }));
  const selection = selectTests(store, changes, candidates, { granularity: options.granularity, alwaysRun: globsToMatcher(options.alwaysRun) });
  const files = [...selection.files.values()]
    .filter((file) => store.testFile(file.project, file.testPath))
    .sort(compareSelected)
    .map((file) => ({
      project: file.project,
      testPath: file.testPath,
      all: file.all,
      tests: file.all ? (store.testFile(file.project, file.testPath)?.tests.map((test) => test.id) ?? []) : [...file.tests],
      reasons: [...new Set(file.reasons.map(describeReason))],
    }));
  return {
    fullRunReason: fullRunReasonOf(store, rootDir, options, packageVersion),
    changedLines: selection.changedLines,
    changedFiles: selection.changedFiles,
    testFiles: candidates.length,
    files,
  };
}

export function formatAffected(answer: AffectedAnswer, explain: boolean): string {
  const testCount = answer.files.reduce((sum, file) => sum + file.tests.length, 0);
  const head = answer.fullRunReason
    ? `Every test runs next time: ${answer.fullRunReason}.`
    : `${answer.files.length} of ${plural(answer.testFiles, 'test file')} (${plural(testCount, 'test')}) would run: ${plural(answer.changedLines, 'changed line')} in ${plural(answer.changedFiles, 'file')}.`;
  const lines = [head];
  for (const file of answer.fullRunReason ? [] : answer.files) {
    for (const id of file.tests) lines.push(formatTest({ project: file.project, testPath: file.testPath, testId: id }));
    if (explain) for (const reason of file.reasons) lines.push(`  because ${reason}`);
  }
  return lines.join('\n');
}
