import { describeReason } from '../select/reasons';
import { fileKeyOf } from '../select/selectTests';
import type { RunSelection, SelectedFile } from '../store/runSelectionRecord';
import type { ImpactStore } from '../store/ImpactStore';
import type { JestTest } from './jestTypes';
import type { RunPlan } from './planRun';
import { relativePath } from './projectKeys';

/**
 * What a run selected and why, in run order, as the report and the live view show it: the files the
 * selection chose among those Jest handed over, each with its tests (all, or the chosen ids) and reasons.
 */
export function runSelectionOf(
  runPlan: RunPlan,
  input: { mode: string; candidateFiles: number; rootDir: string; projectOf: (test: JestTest) => string; store: ImpactStore },
): RunSelection {
  const files: SelectedFile[] = [];
  const { selection } = runPlan;
  if (!runPlan.fullRunReason && selection) {
    for (const test of runPlan.toRun) {
      const project = input.projectOf(test);
      const testPath = relativePath(input.rootDir, test.path);
      const selected = selection.files.get(fileKeyOf(project, testPath));
      if (!selected) continue;
      const recorded = input.store.testIds(project, testPath) ?? [];
      files.push({
        project,
        testPath,
        all: selected.all,
        tests: selected.all ? recorded : [...selected.tests],
        reasons: [...new Set(selected.reasons.map(describeReason))],
      });
    }
  }
  return {
    mode: input.mode,
    ...(runPlan.fullRunReason ? { fullRunReason: runPlan.fullRunReason } : {}),
    candidateFiles: input.candidateFiles,
    skippedFiles: runPlan.skipped.length,
    changedLines: selection?.changedLines ?? 0,
    changedFiles: selection?.changedFiles ?? 0,
    files,
    summary: [],
  };
}
