import type { JestInstall } from '../jest/resolveJest';
import { TITLE_SEPARATOR } from '../worker/testIds';
import type { JestTest, JestTestResult } from './jestTypes';

/** The describe chain and name of a stored test id (" #n" repeat suffixes removed). */
export function titlesOf(id: string): string[] {
  return (id.includes(' #') ? id.replace(/ #\d+$/, '') : id).split(TITLE_SEPARATOR);
}

/**
 * A test file the selection skipped, as Jest's own result for a file whose tests are all skipped:
 * `skipped: true` and one pending assertion per recorded test, so Jest counts a skipped suite and
 * `--json` and other reporters list every test (a result without assertions would fail the file).
 */
export function skippedTestResult(jest: JestInstall, test: JestTest, ids: string[]): JestTestResult {
  const now = Date.now();
  const result = jest.createEmptyTestResult() as JestTestResult;
  const perfStats = (result.perfStats ?? {}) as Record<string, unknown>;
  return {
    ...result,
    testFilePath: test.path,
    skipped: true,
    displayName: test.context.config.displayName,
    numPendingTests: ids.length,
    perfStats: { ...perfStats, start: now, end: now, runtime: 0, slow: false },
    testResults: ids.map((id) => {
      const titles = titlesOf(id);
      const fullName = titles.join(' ');
      const title = titles.pop() ?? id;
      return {
        ancestorTitles: titles,
        title,
        fullName,
        status: 'pending',
        duration: null,
        failureDetails: [],
        failureMessages: [],
        invocations: 0,
        location: null,
        numPassingAsserts: 0,
        retryReasons: [],
      };
    }),
  };
}
