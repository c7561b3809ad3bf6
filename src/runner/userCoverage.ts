import type { JestInstall } from '../jest/resolveJest';
import type { GlobalConfig, JestTest, JestTestResult, RunnerContext } from './jestTypes';

/**
 * Recording instruments every project source; the user's --coverage report must still show only what
 * their own settings would have instrumented. Keeps the coverage of the files Jest's own
 * shouldInstrument (@jest/transform) accepts under the user's globalConfig and context.
 */
export function filterCoverageToUserScope(
  jest: JestInstall,
  globalConfig: GlobalConfig,
  context: RunnerContext,
  test: JestTest,
  result: JestTestResult,
): void {
  if (!result.coverage) return;
  const options = {
    changedFiles: context.changedFiles,
    collectCoverage: globalConfig.collectCoverage,
    collectCoverageFrom: globalConfig.collectCoverageFrom,
    coverageProvider: globalConfig.coverageProvider,
    sourcesRelatedToTestsInChangedFiles: context.sourcesRelatedToTestsInChangedFiles,
  };
  for (const file of Object.keys(result.coverage)) {
    if (!jest.shouldInstrument(file, options, test.context.config)) delete result.coverage[file];
  }
  if (Object.keys(result.coverage).length === 0) delete result.coverage;
}
