import * as path from 'node:path';
import { WORKER_PLAN_KEY, WORKER_SETTINGS_KEY, type WorkerSettings } from '../recording';
import type { GlobalConfig, JestTest, ProjectConfig, RunnerContext } from './jestTypes';

export const RECORDING_TEST_FRAMEWORK = path.join(__dirname, '..', 'worker', 'recordingTestFramework.js');

/**
 * The globalConfig the workers get while recording: babel (istanbul) instrumentation of every project
 * source, whatever the user's collectCoverageFrom says (@jest/transform shouldInstrument), and the
 * run's worker plan (runner/workerPlan.ts), when it has one.
 */
export function recordingGlobalConfig(globalConfig: GlobalConfig, workerPlanFile: string | undefined): GlobalConfig {
  return { ...globalConfig, collectCoverage: true, coverageProvider: 'babel', collectCoverageFrom: [], ...(workerPlanFile ? { [WORKER_PLAN_KEY]: workerPlanFile } : {}) };
}

/** changedFiles would narrow instrumentation to changed files (jest -o): recording needs all of them. */
export function recordingContext(context: RunnerContext): RunnerContext {
  return { ...context, changedFiles: undefined, sourcesRelatedToTestsInChangedFiles: undefined };
}

/**
 * Project configs with the recording test framework in place of the project's testRunner. One object
 * per project, reused for every test file: Jest hashes the config into transform cache keys.
 */
export class RecordingConfigs {
  private readonly byOriginal = new Map<ProjectConfig, ProjectConfig>();
  private readonly originalByTest = new Map<JestTest, JestTest>();

  constructor(private readonly keepCoverage: boolean) {}

  configFor(config: ProjectConfig): ProjectConfig {
    let recording = this.byOriginal.get(config);
    if (!recording) {
      const settings: WorkerSettings = { testRunner: config.testRunner, keepCoverage: this.keepCoverage };
      recording = { ...config, testRunner: RECORDING_TEST_FRAMEWORK, [WORKER_SETTINGS_KEY]: settings };
      this.byOriginal.set(config, recording);
    }
    return recording;
  }

  wrap(test: JestTest): JestTest {
    const wrapped = { ...test, context: { ...test.context, config: this.configFor(test.context.config) } };
    this.originalByTest.set(wrapped, test);
    return wrapped;
  }

  /** Jest's reporters must see the test object they handed to the runner. */
  original(test: JestTest): JestTest {
    return this.originalByTest.get(test) ?? test;
  }
}
