import type { JestInstall } from '../jest/resolveJest';
import type { GlobalConfig, RunnerContext } from './jestTypes';
import type { RunPlan } from './planRun';
import { skippedFileCoverage } from './recordedCoverage';
import type { RecordingPlan } from './recordingPlan';
import { skippedTestResult } from './skippedResult';
import { filterCoverageToUserScope } from './userCoverage';

/**
 * Reports the files the selection skipped to Jest as skipped suites (skippedResult.ts), so that counts
 * and reporters stay truthful; with coverage on, each carries the coverage recorded for it.
 */
export async function reportSkippedFiles(
  jest: JestInstall,
  globalConfig: GlobalConfig,
  context: RunnerContext,
  plan: RecordingPlan,
  runPlan: RunPlan,
  emit: (name: 'test-file-success', payload: unknown) => Promise<void>,
): Promise<void> {
  // A result without a start: the file did not start, and a start would make Jest's default reporter
  // render its "RUNS" status once per skipped file.
  for (const { test, project, testPath } of runPlan.skipped) {
    const result = skippedTestResult(jest, test, plan.store.testIds(project, testPath) ?? []);
    if (globalConfig.collectCoverage) {
      const coverage = skippedFileCoverage(plan.store, globalConfig.rootDir, project, testPath, plan.store.testFile(project, testPath));
      if (coverage) {
        result.coverage = coverage;
        plan.recorder.totals.coverageOfSkipped++;
        filterCoverageToUserScope(jest, globalConfig, context, test, result);
      }
    }
    await emit('test-file-success', [test, result]);
  }
}
