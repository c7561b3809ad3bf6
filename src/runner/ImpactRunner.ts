import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Emittery from 'emittery';
import { UnsupportedJestError } from '../errors';
import { checkJestVersion, loadJestInstall, locateJestRunner, type InnerTestRunner, type JestInstall } from '../jest/resolveJest';
import { hasteStatsOf } from '../jest/hasteStats';
import { RECORDING_RESULT_KEY, testFilterKey, type FileRecording } from '../recording';
import { planRun, type RunPlan } from './planRun';
import { reportSkippedFiles } from './reportSkipped';
import { summaryLines } from './summary';
import type { GlobalConfig, JestTest, JestTestResult, RunnerContext, TestWatcher } from './jestTypes';
import { printSummary, toStderrDirect, warn, plural, type StderrWrite } from './output';
import { relativePath } from './projectKeys';
import { recordingContext, recordingGlobalConfig } from './recordingConfig';
import { filterCoverageToUserScope } from './userCoverage';
import type { CoverageMapData } from './recordedCoverage';
import { currentCoverageShapes } from './coverageShapes';
import { shouldRunInBand } from './runInBand';
import { keepingWorkers } from './keptWorkers';
import { forgetKeys } from './watchKeys';
import { runTriggerOf, WATCH_KEY_REASON } from './watchTrigger';
import { failuresOf, verifyReportLines, wouldHaveRun, type FailedTest } from './verifyReport';
import { writeWorkerPlan } from './workerPlan';
import { warnOnceAboutFilesOutsideRoots } from './outsideRoots';
import { watchSaves } from './watchSaves';
import { liveReportFiles, liveViewFor } from './liveView';
import { runSelectionOf } from './runSelection';
import { planRecording, type RecordingPlan } from './recordingPlan';

/** Every event jest-runner emits (jest-runner/src/types.ts TestEvents), forwarded to Jest. */
const RUNNER_EVENTS = ['test-file-start', 'test-file-success', 'test-file-failure', 'test-case-start', 'test-case-result'];

/**
 * `runner: 'jest-runner-impact'`. Runs every test through the user's own jest-runner (the default
 * runner of their Jest) and records, per test, the source lines it executed into the LMDB store.
 */
export default class ImpactRunner {
  readonly supportsEventEmitters = true;
  /** Jest 27's name for supportsEventEmitters: its scheduler then listens to the events too. */
  readonly __PRIVATE_UNSTABLE_API_supportsEventEmitters__ = true;
  readonly #eventEmitter = new Emittery();

  constructor(
    private readonly globalConfig: GlobalConfig,
    private readonly context: RunnerContext = {},
    private readonly runnerOptions?: unknown,
  ) {}

  on(eventName: string, listener: (payload: unknown) => void | Promise<void>): () => void {
    return this.#eventEmitter.on(eventName, listener);
  }

  /**
   * Jest 28 and later call `runTests(tests, watcher, options)`. Jest 27 passes `(tests, watcher,
   * onStart, onResult, onFailure, options)` with the callbacks undefined, as it listens to the events.
   * Jest 26 and older pass real callbacks: they are unsupported, and run through their own runner with them.
   */
  async runTests(tests: JestTest[], watcher: TestWatcher, ...rest: unknown[]): Promise<void> {
    if (rest.length > 1 && rest.slice(0, -1).some((callback) => callback !== undefined)) {
      await this.runWithCallbacks(tests, watcher, rest);
      return;
    }
    const options = (rest[rest.length - 1] ?? { serial: false }) as { serial: boolean };
    // The watch plugin must not press its key while a run is going on (a key interrupts the run).
    const saves = watchSaves();
    saves.running = true;
    try {
      await this.runSelected(tests, watcher, options);
    } finally {
      saves.running = false;
      forgetKeys();
    }
  }

  private async runSelected(tests: JestTest[], watcher: TestWatcher, options: { serial: boolean }): Promise<void> {
    const startedAt = Date.now();
    const planStart = performance.now();
    const { jest, supported } = this.loadJest();
    const plan = supported ? await planRecording(this.globalConfig, this.runnerOptions, jest, tests, startedAt) : undefined;
    if (!plan) {
      await this.runPlain(jest, tests, watcher, options);
      return;
    }
    const runPlan = planRun({
      store: plan.store,
      outcome: plan.outcome,
      options: plan.options,
      expectedMeta: plan.expectedMeta,
      tests,
      rootDir: this.globalConfig.rootDir,
      projectOf: plan.projectOf,
      forceFullRun: runTriggerOf(this.globalConfig, tests) === 'key' ? WATCH_KEY_REASON : undefined,
      coverage: this.globalConfig.collectCoverage,
      knownStats: hasteStatsOf(tests.map((test) => test.context)),
    });
    runPlan.preparation.coverageShapes = await currentCoverageShapes(jest, plan.store, runPlan.preparation.rebases, this.globalConfig.rootDir, tests[0]?.context.config);
    plan.store.prepareRun(runPlan.preparation);
    const planMs = Math.round(performance.now() - planStart);
    const { rootDir } = this.globalConfig;
    const { watching } = this;
    const runSelection = runSelectionOf(runPlan, { mode: plan.options.mode, candidateFiles: tests.length, rootDir, projectOf: plan.projectOf, store: plan.store });
    if (watching && plan.options.live !== false) plan.live = await liveViewFor(plan.options.live);
    if (watching) warnOnceAboutFilesOutsideRoots(plan.store, rootDir, tests);
    plan.live?.plan(runSelection, () => this.liveReportFiles(plan));
    // Mode verify: every test runs; a failing test that mode only would have skipped is reported.
    const verifying = plan.options.mode === 'verify';
    const missed: FailedTest[] = [];
    const noteFailures = (test: JestTest, failures: Array<string | undefined>): void => {
      if (!verifying || !runPlan.selection) return;
      const project = plan.projectOf(test);
      const testPath = relativePath(this.globalConfig.rootDir, test.path);
      for (const testId of failures) {
        const failed = { project, testPath, ...(testId === undefined ? {} : { testId }) };
        if (!wouldHaveRun(runPlan.selection, failed)) missed.push(failed);
      }
    };
    let finished = false;
    const finish = (write?: StderrWrite): void => {
      if (finished) return;
      finished = true;
      const summary = this.summary(plan, runPlan, tests);
      plan.store.updateMeta({
        lastRun: {
          startedAt,
          finishedAt: Date.now(),
          mode: plan.options.mode,
          testFiles: plan.recorder.totals.testFiles,
          tests: plan.recorder.totals.tests,
          storeWriteMs: Math.round(plan.recorder.totals.writeMs),
          planMs,
          parentMaxRssKb: process.resourceUsage().maxRSS,
        },
      }, { ...runSelection, summary });
      for (const [project, { testRunner, testFiles }] of plan.recorder.totals.unrecordedProjects) {
        warn(
          `Project "${project}" runs its tests with ${testRunner}, not jest-circus: its ${plural(testFiles, 'test file')} cannot be recorded and will always run. Remove the "testRunner" option from the Jest config to use jest-circus, Jest's default.`,
          write,
        );
      }
      printSummary([...summary, ...(plan.live?.addressLines() ?? [])], write);
      if (verifying && runPlan.selection) {
        printSummary(verifyReportLines(runPlan.selection, missed), write);
        if (missed.length > 0) process.exitCode = 1;
      } else if (verifying) {
        printSummary([`Impact verify: nothing to compare this time (${runPlan.fullRunReason ?? 'no usable store'}): every test ran; the next run in mode "verify" checks the selection.`], write);
      }
      if (!write) plan.live?.finish(summary, this.liveReportFiles(plan));
      plan.store.close();
    };
    // With --bail, Jest's TestScheduler ends the process from inside the run (exit() after the
    // reporters' onRunComplete), so runTests never returns: finish on the way out instead, before
    // lmdb's own exit handler closes its environments (writing after that crashes the process).
    const finishOnExit = () => finish(toStderrDirect);
    process.prependOnceListener('exit', finishOnExit);
    const planFile = writeWorkerPlan(runPlan, (test) => plan.store.testFileHead(plan.projectOf(test), relativePath(this.globalConfig.rootDir, test.path)));
    try {
      // Jest decided in band or not for every candidate; decide again for what runs.
      const serial = runPlan.toRun.length < tests.length ? shouldRunInBand(options.serial, runPlan.toRun, this.globalConfig) : options.serial;
      // In watch mode skipped files are reported after the impacted ones ran, so that the first result
      // comes first. A single run reports them first: reported last, they would leave Jest's default
      // reporter a debounced status update (100 ms) that the process waits for before it can end.
      const reportSkipped = () => reportSkippedFiles(jest, this.globalConfig, this.context, plan, runPlan, (name, payload) => this.#eventEmitter.emit(name, payload));
      if (!watching) await reportSkipped();
      // Coverage is recorded per test file: only of a file that ran whole.
      const ranWhole = (test: JestTest) => !this.globalConfig.testNamePattern && !runPlan.testFilters[testFilterKey(test.context.config.id, test.path)];
      // Nothing to run (nothing changed): jest-runner is not even loaded.
      if (runPlan.toRun.length > 0) await this.runRecording(jest, plan, runPlan.toRun, watcher, { serial, workerPlanFile: planFile }, noteFailures, ranWhole);
      if (watching) await reportSkipped();
    } finally {
      process.removeListener('exit', finishOnExit);
      if (planFile) fs.rmSync(path.dirname(planFile), { recursive: true, force: true });
      finish();
    }
  }

  /** The user's Jest; an unsupported version still runs the suite, through its own runner, unrecorded. */
  private loadJest(): { jest: JestInstall; supported: boolean } {
    const jest = loadJestInstall(locateJestRunner(this.globalConfig.rootDir));
    try {
      checkJestVersion(jest.version);
      return { jest, supported: true };
    } catch (error) {
      if (!(error instanceof UnsupportedJestError)) throw error;
      warn(error);
      return { jest, supported: false };
    }
  }

  /** Jest 26 and older (unsupported) call runners with callbacks: their own runner runs the tests, unrecorded. */
  private async runWithCallbacks(tests: JestTest[], watcher: TestWatcher, callbacks: unknown[]): Promise<void> {
    const { jest } = this.loadJest();
    const inner = new jest.TestRunner(this.globalConfig, this.context) as unknown as { runTests(...args: unknown[]): Promise<void> };
    await inner.runTests(tests, watcher, ...callbacks);
  }

  private async runPlain(jest: JestInstall, tests: JestTest[], watcher: TestWatcher, options: { serial: boolean }): Promise<void> {
    const inner = new jest.TestRunner(this.globalConfig, this.context);
    await this.forwardAll(inner, (name, payload) => this.#eventEmitter.emit(name, payload), () => runInner(jest, inner, tests, watcher, options));
  }

  private async runRecording(
    jest: JestInstall,
    plan: RecordingPlan,
    tests: JestTest[],
    watcher: TestWatcher,
    { serial, workerPlanFile }: { serial: boolean; workerPlanFile: string | undefined },
    noteFailures: (test: JestTest, failures: Array<string | undefined>) => void,
    ranWhole: (test: JestTest) => boolean,
  ): Promise<void> {
    const inner = new jest.TestRunner(recordingGlobalConfig(this.globalConfig, workerPlanFile), recordingContext(this.context));
    const wrapped = tests.map((test) => plan.configs.wrap(test));
    let recordingFailed = false;
    const bails = Number(this.globalConfig['bail'] ?? 0) > 0;
    await this.forwardAll(
      inner,
      async (name, payload) => {
        if (name === 'test-file-success') {
          const [test, result] = payload as [JestTest, JestTestResult];
          const original = plan.configs.original(test);
          const recording = result[RECORDING_RESULT_KEY] as FileRecording | undefined;
          delete result[RECORDING_RESULT_KEY];
          noteFailures(original, failuresOf(result, recording));
          // Everything recording instrumented, before the report's scope is applied: a later run may ask for more.
          // A file that loaded no instrumented module (its code runs in children) has an empty coverage.
          const coverage = this.globalConfig.collectCoverage && ranWhole(original) ? { ...((result.coverage ?? {}) as CoverageMapData) } : undefined;
          if (this.globalConfig.collectCoverage) filterCoverageToUserScope(jest, this.globalConfig, this.context, original, result);
          const record = async () => {
            if (recordingFailed) return;
            try {
              await plan.recorder.recordSuccess(original, result, recording, coverage);
            } catch (error) {
              recordingFailed = true;
              warn(`Could not write to the store at ${plan.options.store}: ${(error as Error).message}. Recording stopped for this run; the tests still run.`);
            }
          };
          // Jest's reporters first, so that no result waits for the store; with --bail, Jest may end the
          // process while it handles a result, so the store comes first.
          if (bails) await record();
          await this.#eventEmitter.emit(name, [original, result]);
          plan.live?.fileResult(relativePath(this.globalConfig.rootDir, original.path), result);
          if (!bails) await record();
          return;
        }
        if (name === 'test-file-start' || name === 'test-file-failure') {
          const [test, ...rest] = payload as [JestTest, ...unknown[]];
          const original = plan.configs.original(test);
          if (name === 'test-file-failure') noteFailures(original, [undefined]);
          if (name === 'test-file-failure' && !recordingFailed) await plan.recorder.recordFailure(original, rest[0]);
          if (name === 'test-file-failure') plan.live?.fileResult(relativePath(this.globalConfig.rootDir, original.path), { numFailingTests: 0, testExecError: { message: 'failed to run' } } as unknown as JestTestResult);
          return this.#eventEmitter.emit(name, [original, ...rest]);
        }
        return this.#eventEmitter.emit(name, payload);
      },
      // A watch session keeps its workers from run to run (runner/keptWorkers.ts).
      () => (this.watching && !serial ? keepingWorkers(jest.jestRunnerDir, watcher, () => runInner(jest, inner, wrapped, watcher, { serial })) : runInner(jest, inner, wrapped, watcher, { serial })),
    );
  }

  private get watching(): boolean {
    return this.globalConfig['watch'] === true || this.globalConfig['watchAll'] === true;
  }

  /** Re-emits every event of the inner runner (file events and the per-test-case events alike). */
  private async forwardAll(
    inner: InnerTestRunner,
    forward: (name: string, payload: unknown) => Promise<void>,
    run: () => Promise<void>,
  ): Promise<void> {
    const unsubscribes = RUNNER_EVENTS.map((name) => inner.on(name, (payload) => forward(name, payload)));
    try {
      await run();
    } finally {
      for (const unsubscribe of unsubscribes) unsubscribe();
    }
  }

  /** The report of the store as it is now, as the live view serves it. */
  private liveReportFiles(plan: RecordingPlan): Map<string, string> {
    return liveReportFiles(plan.store, this.globalConfig.rootDir, plan.options, plan.expectedMeta.packageVersion);
  }

  private summary(plan: RecordingPlan, runPlan: RunPlan, tests: JestTest[]): string[] {
    let knownTests = 0;
    for (const test of tests) {
      knownTests += plan.store.testFileHead(plan.projectOf(test), relativePath(this.globalConfig.rootDir, test.path))?.testCount ?? 0;
    }
    return summaryLines({
      mode: plan.options.mode,
      fullRunReason: runPlan.fullRunReason,
      selection: runPlan.selection,
      totals: plan.recorder.totals,
      candidateFiles: tests.length,
      selectedFiles: runPlan.selectedFiles,
      knownTests,
      storeLocation: relativePath(this.globalConfig.rootDir, plan.options.store) || plan.options.store,
      formattingOnly: runPlan.formattingOnly,
    });
  }
}

/** Jest 27's runners take (tests, watcher, onStart, onResult, onFailure, options); with events, the callbacks stay undefined. */
function runInner(jest: JestInstall, inner: InnerTestRunner, tests: unknown[], watcher: TestWatcher, options: { serial: boolean }): Promise<void> {
  if (jest.major >= 28) return inner.runTests(tests, watcher, options);
  return (inner as unknown as { runTests(...args: unknown[]): Promise<void> }).runTests(tests, watcher, undefined, undefined, undefined, options);
}
