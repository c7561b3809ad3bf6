import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeptWorkerCall } from '../worker/keptTestWorker';
import type { TestWatcher } from './jestTypes';

/** The worker module the kept farm's children load: it runs jest-runner's own testWorker. */
export const KEPT_TEST_WORKER = path.join(__dirname, '..', 'worker', 'keptTestWorker.js');

/** jest-worker's farm (`Worker`), as much of it as jest-runner and this module call (jest-worker 27-30). */
interface WorkerFarm {
  worker(args: unknown): Promise<unknown>;
  getStdout(): NodeJS.ReadableStream | null;
  getStderr(): NodeJS.ReadableStream | null;
  end(): Promise<{ forceExited: boolean }>;
  _workerPool?: { getWorkers?(): Array<{ forceExit?(): void }> };
}
type WorkerFarmClass = new (workerPath: string, options: Record<string, unknown>) => WorkerFarm;
interface JestWorkerModule {
  Worker: WorkerFarmClass;
}

let kept: { key: string; farm: WorkerFarm } | undefined;
let runs = 0;
let endsWithProcess = false;

/** Ends the kept workers with the watch process: a child left running would outlive the session. */
function endWithProcess(): void {
  for (const worker of kept?.farm._workerPool?.getWorkers?.() ?? []) worker.forceExit?.();
  kept = undefined;
}

/**
 * One run's view of the kept farm, handed to jest-runner in place of a new jest-worker farm. jest-runner
 * makes a farm for every run and ends it after; in a watch session that means a new process for every
 * save, which loads Jest's runtime, the environment, Babel and istanbul again before the first test
 * starts. This farm stays while the farm's options stay the same: each run's module maps (what
 * jest-runner hands a new farm at its start) go to the workers with the run's first call to them.
 */
class RunFarm {
  private pending = 0;
  private readonly farm: WorkerFarm;
  private readonly run: KeptWorkerCall['run'];

  constructor(
    Farm: WorkerFarmClass,
    testWorkerPath: string,
    options: Record<string, unknown>,
    private readonly watcher: TestWatcher,
    private readonly setupDir: string,
  ) {
    const { setupArgs, ...farmOptions } = options;
    const key = JSON.stringify({ testWorkerPath, farmOptions });
    if (kept?.key !== key) {
      void kept?.farm.end().catch(() => undefined);
      const farm = new Farm(KEPT_TEST_WORKER, { ...farmOptions, exposedMethods: ['worker'], setupArgs: [{ testWorkerPath }] });
      // Piped once for the farm's life: jest-runner pipes the farm of each run it makes.
      farm.getStdout()?.pipe(process.stdout);
      farm.getStderr()?.pipe(process.stderr);
      if (!endsWithProcess) process.on('exit', endWithProcess);
      endsWithProcess = true;
      kept = { key, farm };
    }
    this.farm = kept.farm;
    this.run = { id: `${process.pid}-${++runs}`, setupFile: path.join(setupDir, 'setup.json') };
    fs.writeFileSync(this.run.setupFile, JSON.stringify((setupArgs as unknown[] | undefined)?.[0] ?? { serializableResolvers: [] }));
  }

  worker(call: unknown): Promise<unknown> {
    this.pending++;
    const done = () => void this.pending--;
    const promise = this.farm.worker({ run: this.run, call } satisfies KeptWorkerCall);
    promise.then(done, done);
    // The same promise: jest-runner reads the per-test events from its UNSTABLE_onCustomMessage.
    return promise;
  }

  getStdout(): null {
    return null;
  }

  getStderr(): null {
    return null;
  }

  /** jest-runner's end of the run. The farm stays, unless the run was interrupted with a test still going. */
  async end(): Promise<{ forceExited: boolean }> {
    if (this.pending === 0 && !this.watcher.isInterrupted()) return { forceExited: false };
    if (kept?.farm === this.farm) kept = undefined;
    return this.farm.end();
  }

  /** After the run: the setup file was read by every worker the run called. */
  cleanUp(): void {
    fs.rmSync(this.setupDir, { recursive: true, force: true });
  }
}

/**
 * Runs `run` (jest-runner's runTests) with the farm it makes replaced by the kept one. jest-runner
 * makes its farm synchronously, before its first await (jest-runner 27-30 `createParallelTestRun`),
 * so the replacement is in place only for that call.
 */
export async function keepingWorkers(jestRunnerDir: string, watcher: TestWatcher, run: () => Promise<void>): Promise<void> {
  // The jest-worker jest-runner itself requires.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jestWorker = require(require.resolve('jest-worker', { paths: [jestRunnerDir] })) as JestWorkerModule;
  const Farm = jestWorker.Worker;
  let runFarm: RunFarm | undefined;
  const KeptFarm = function (testWorkerPath: string, options: Record<string, unknown>) {
    runFarm = new RunFarm(Farm, testWorkerPath, options, watcher, fs.mkdtempSync(path.join(os.tmpdir(), 'jest-runner-impact-')));
    return runFarm;
  } as unknown as WorkerFarmClass;
  let running: Promise<void>;
  jestWorker.Worker = KeptFarm;
  try {
    running = run();
  } finally {
    jestWorker.Worker = Farm;
  }
  try {
    await running;
  } finally {
    (runFarm as RunFarm | undefined)?.cleanUp();
  }
}
