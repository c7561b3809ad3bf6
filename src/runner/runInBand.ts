import type { GlobalConfig, JestTest } from './jestTypes';

/** @jest/core's SLOW_TEST_TIME. */
const SLOW_TEST_MS = 1000;

/**
 * Whether the files a selection runs should run in band: Jest's own rule (@jest/core
 * testSchedulerHelper `shouldRunInBand`), applied to those files instead of the candidates Jest decided
 * for. One impacted file out of a thousand then runs in Jest's process, as `jest that.test.js` would,
 * instead of paying for workers.
 */
export function shouldRunInBand(decidedByJest: boolean, toRun: JestTest[], globalConfig: GlobalConfig): boolean {
  if (decidedByJest) return true;
  // Jest never runs in band in watch mode (it keeps the terminal responsive), nor with a worker memory limit.
  if (globalConfig['watch'] === true || globalConfig['watchAll'] === true || globalConfig['workerIdleMemoryLimit'] !== undefined) return false;
  const timings = toRun.map((test) => test.duration).filter((duration): duration is number => Boolean(duration));
  const areFastTests = timings.every((timing) => timing < SLOW_TEST_MS);
  const oneWorkerOrLess = Number(globalConfig['maxWorkers']) <= 1;
  return oneWorkerOrLess || toRun.length <= 1 || (toRun.length <= 20 && timings.length > 0 && areFastTests);
}
