import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testFilterKey, type WorkerPlan } from '../recording';
import type { TestFileHead } from '../store/planningIndex';
import type { JestTest } from './jestTypes';
import type { RunPlan } from './planRun';

/**
 * The workers learn which tests of a file to skip (test granularity) and which test files the store has
 * the shape of from a file named in the globalConfig they get (recordingGlobalConfig).
 */
export function writeWorkerPlan(runPlan: RunPlan, headOf: (test: JestTest) => TestFileHead | undefined): string | undefined {
  const workerPlan: WorkerPlan = { skip: runPlan.testFilters, recordedHashes: {} };
  for (const test of runPlan.toRun) {
    const head = headOf(test);
    if (head?.shaped) workerPlan.recordedHashes[testFilterKey(test.context.config.id, test.path)] = head.hash;
  }
  if (Object.keys(workerPlan.skip).length === 0 && Object.keys(workerPlan.recordedHashes).length === 0) return undefined;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-runner-impact-')), 'worker-plan.json');
  fs.writeFileSync(file, JSON.stringify(workerPlan));
  return file;
}
