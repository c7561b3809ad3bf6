/**
 * The project `testRunner` while recording. Jest's runTest calls it as
 *   testFramework(globalConfig, config, environment, runtime, testPath, sendMessageToJest)
 * (jest-runner/src/runTest.ts, same in Jest 29 and 30). It installs a jest-circus event handler on the
 * environment before circus reads `environment.handleTestEvent` (jest-circus jestAdapterInit.ts), then
 * calls the project's own test runner. Wrapping the test runner, rather than the environment, also sees
 * files that pick their environment with a `@jest-environment` docblock.
 */
import * as fs from 'node:fs';
import { RECORDING_RESULT_KEY, WORKER_PLAN_KEY, WORKER_SETTINGS_KEY, testFilterKey, type WorkerPlan, type WorkerSettings } from '../recording';
import { installCircusContextRelease, releasingCircusContexts } from './circusContextRelease';
import { installChildProcessHooks, removeCoverageDirs, setChildStartSink } from './childProcessHooks';
import { installFsAccessHooks, setFileAccessSink } from './fsAccessHooks';
import { collectAboveCeiling } from './heapCeiling';
import { raiseLoadStackLimit } from './loadStackLimit';
import { filesReadByRuntime, snapshotFileOf } from './loadedFiles';
import { muteTransformerReads } from './muteJestReads';
import { RuntimeInputs } from './runtimeInputs';
import { useTrimmedSourceMaps } from './trimmedSourceMaps';
import { useParserCodeCache } from '../changes/parserLoading';
import { TestFileRecorder } from './testFileRecorder';
import { testFileShapeOf } from './testFileShape';

type TestFramework = (
  globalConfig: unknown,
  config: Record<string, unknown>,
  environment: RecordingEnvironment,
  runtime: unknown,
  testPath: string,
  ...rest: unknown[]
) => Promise<Record<string, unknown>>;

interface RecordingEnvironment {
  global: Record<string, unknown>;
  handleTestEvent?: (event: never, state: never) => unknown;
}

const frameworks = new Map<string, TestFramework>();

// Once per worker, before any test file: what test code reads through fs and the children it starts.
installFsAccessHooks();
installChildProcessHooks();
installCircusContextRelease();
let lastPlan: { file: string; plan: WorkerPlan } | undefined;

/** This run's plan, named in the globalConfig (a worker lives across runs in band and in watch mode). */
function workerPlan(globalConfig: unknown): WorkerPlan | undefined {
  const file = (globalConfig as Record<string, unknown>)[WORKER_PLAN_KEY];
  if (typeof file !== 'string') return undefined;
  if (lastPlan?.file !== file) lastPlan = { file, plan: JSON.parse(fs.readFileSync(file, 'utf8')) as WorkerPlan };
  return lastPlan.plan;
}

/** The recorded tests of this file the parent did not select (test granularity), or undefined to run them all. */
function skippedTestsOf(plan: WorkerPlan | undefined, configId: string, testPath: string): Set<string> | undefined {
  const ids = plan?.skip[testFilterKey(configId, testPath)];
  return ids ? new Set(ids) : undefined;
}

function loadFramework(modulePath: string): TestFramework {
  let framework = frameworks.get(modulePath);
  if (!framework) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(modulePath) as TestFramework | { default: TestFramework };
    framework = typeof loaded === 'function' ? loaded : loaded.default;
    frameworks.set(modulePath, framework);
  }
  return framework;
}

async function recordingTestFramework(
  globalConfig: unknown,
  config: Record<string, unknown>,
  environment: RecordingEnvironment,
  runtime: unknown,
  testPath: string,
  ...rest: unknown[]
): Promise<Record<string, unknown>> {
  const settings = config[WORKER_SETTINGS_KEY] as WorkerSettings;
  const framework = loadFramework(settings.testRunner);
  const plan = workerPlan(globalConfig);
  // Paths in the store are relative to Jest's global rootDir: a project may read files beside its own root.
  const rootDir = String((globalConfig as { rootDir?: string }).rootDir ?? config['rootDir']);
  const recorder = new TestFileRecorder(
    environment.global as { __coverage__?: never },
    skippedTestsOf(plan, String(config['id']), testPath),
    new RuntimeInputs(rootDir),
  );
  useParserCodeCache(config['cacheDirectory'] as string | undefined);
  muteTransformerReads(runtime);
  useTrimmedSourceMaps(runtime, config['cacheDirectory'] as string | undefined);
  // releasingCircusContexts stands between this function and the framework.
  const loadStackLimit = raiseLoadStackLimit(environment.global, recordingTestFramework, 1);

  const ownHandler = environment.handleTestEvent;
  environment.handleTestEvent = function handleTestEvent(this: unknown, event: never, state: never) {
    if ((event as { name?: string }).name === 'run_start') loadStackLimit.restore();
    recorder.onCircusEvent(event, state);
    return ownHandler?.call(this, event, state);
  };

  setFileAccessSink((kind, file) => recorder.onFileAccess(kind, file));
  setChildStartSink((dir) => recorder.onChildStarted(dir));
  try {
    let result: Record<string, unknown>;
    try {
      result = await releasingCircusContexts(() => framework(globalConfig, config, environment, runtime, testPath, ...rest));
    } finally {
      loadStackLimit.restore();
      setFileAccessSink(undefined);
      setChildStartSink(undefined);
    }
    const loaded = filesReadByRuntime(runtime) ?? [];
    const snapshotFile = snapshotFileOf(environment.global);
    result[RECORDING_RESULT_KEY] = recorder.finish({
      loadedFiles: loaded.filter((file) => file !== testPath),
      snapshotFile,
      testFile: testFileShapeOf(testPath, plan?.recordedHashes[testFilterKey(String(config['id']), testPath)]),
      notInputs: new Set([testPath, ...(snapshotFile ? [snapshotFile] : [])]),
      // Loaded on first use (with source-map reading): only a test file that started Node children needs it,
      // and a watch run starts a fresh worker that would load it for every save.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      readChildren: (dirs) => (require('./childCoverage') as typeof import('./childCoverage')).readChildExecution(dirs, rootDir),
    });
    return result;
  } finally {
    removeCoverageDirs(recorder.childDirs());
    // Jest deep-copies __coverage__ into the result and sends it over IPC: skip that when the user
    // did not ask for coverage (jest-runner/src/runTest.ts, getAllCoverageInfoCopy).
    if (!settings.keepCoverage) delete environment.global['__coverage__'];
    collectAboveCeiling();
  }
}

export = recordingTestFramework;
