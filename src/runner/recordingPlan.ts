import type { ImpactOptions } from '../config/optionTable';
import { loadOptions } from '../config/loadOptions';
import { ImpactError } from '../errors';
import type { JestInstall } from '../jest/resolveJest';
import { ImpactStore, type OpenOutcome } from '../store/ImpactStore';
import type { StoreMeta } from '../store/schema';
import { expectedMetaOf } from './expectedMeta';
import { FileFacts } from './fileFacts';
import type { GlobalConfig, JestTest } from './jestTypes';
import type { LiveView } from './liveView';
import { warn } from './output';
import { projectKeys } from './projectKeys';
import { RecordingConfigs } from './recordingConfig';
import { RunRecorder } from './runRecorder';
import { useParserCodeCache } from '../changes/parserLoading';

/** A run with recording: the store is open and every result goes through the recorder. */
export interface RecordingPlan {
  options: ImpactOptions;
  store: ImpactStore;
  outcome: OpenOutcome;
  expectedMeta: Omit<StoreMeta, 'lastRun'>;
  configs: RecordingConfigs;
  recorder: RunRecorder;
  projectOf: (test: JestTest) => string;
  /** The live view of this watch run, when the "live" option is on. */
  live?: LiveView;
}

/** Decides whether this run records; every reason not to is printed, and the suite still runs. */
export async function planRecording(
globalConfig: GlobalConfig,
runnerOptions: unknown,
jest: JestInstall,
tests: JestTest[],
startedAt: number,
): Promise<RecordingPlan | undefined> {
  const { rootDir } = globalConfig;
  let options: ImpactOptions;
  try {
    ({ options } = await loadOptions(rootDir, runnerOptions));
  } catch (error) {
    if (!(error instanceof ImpactError)) throw error;
    warn(`${error.toParagraph()} This run used Jest's default runner and recorded nothing.`);
    process.exitCode = 1;
    return undefined;
  }
  if (options.mode === 'off') return undefined;
  if (globalConfig.collectCoverage && globalConfig.coverageProvider === 'v8') {
    warn(
      'Recording needs babel instrumentation, and this run asked for --coverage with coverageProvider "v8": the run used Jest\'s default runner and recorded nothing. Run coverage in a separate job, or set coverageProvider to "babel" to record and report in one run.',
    );
    return undefined;
  }
  let opened: { store: ImpactStore; outcome: OpenOutcome };
  const expectedMeta = expectedMetaOf(rootDir, tests, jest.version, options, globalConfig);
  try {
    opened = ImpactStore.openForWriting(options.store, expectedMeta);
  } catch (error) {
    if (!(error instanceof ImpactError)) throw error;
    warn(`${error.toParagraph()} Recording was skipped; the tests ran with Jest's default runner.`);
    return undefined;
  }
  if (globalConfig['shard'] && !/jest-runner-impact[\\/]build[\\/]sequencer\.js$/.test(String(globalConfig['testSequencer']))) {
    warn(
      "With --shard, each shard selects only among the test files Jest gave it, so shards are not balanced by what they run. Set testSequencer: 'jest-runner-impact/sequencer' in the Jest config to select before Jest shards.",
    );
  }
  if (opened.outcome.kind === 'rebuilt') warn(`The store at ${options.store} was rebuilt: ${opened.outcome.reason}. This run records it again.`);
  useParserCodeCache(tests[0]?.context.config.cacheDirectory);
  const keys = projectKeys(rootDir, tests.map((test) => test.context.config));
  const configs = new RecordingConfigs(globalConfig.collectCoverage);
  const projectOf = (test: JestTest) => keys.get(test.context.config.id) ?? '.';
  const recorder = new RunRecorder(opened.store, rootDir, new FileFacts(startedAt), projectOf, [options.store]);
  return { options, store: opened.store, outcome: opened.outcome, expectedMeta, configs, recorder, projectOf };
}
