/**
 * The module a watch session's kept workers load (runner/keptWorkers.ts): jest-runner's own testWorker,
 * set up again at the first call of each run. jest-runner sets a worker up once, at its start, with
 * the module maps of that run and one resolver per project, whose caches then hold for the worker's
 * life; a worker that outlives the run gets the next run's module maps, new resolvers, and an empty
 * cache of the files jest-resolve found (or did not) on disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the kept farm's worker gets with every call: the run, where its module maps are, and jest-runner's call. */
export interface KeptWorkerCall {
  run: { id: string; setupFile: string };
  call: unknown;
}

interface TestWorkerModule {
  /** Synchronous in Jest 27-29; Jest 30's awaits the projects' custom resolvers. */
  setup(setupData: unknown): void | Promise<void>;
  worker(call: unknown): Promise<unknown>;
}

let testWorker: TestWorkerModule | undefined;
let clearFileCache: (() => void) | undefined;
let currentRun: string | undefined;

/** jest-resolve's Resolver as jest-runtime (and so the testWorker) requires it. */
function resolverClass(testWorkerPath: string): { clearDefaultResolverCache?(): void } {
  const runtime = require.resolve('jest-runtime', { paths: [path.dirname(testWorkerPath)] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jestResolve = require(require.resolve('jest-resolve', { paths: [path.dirname(runtime)] })) as { default?: object };
  return (jestResolve.default ?? jestResolve) as { clearDefaultResolverCache?(): void };
}

export function setup({ testWorkerPath }: { testWorkerPath: string }): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  testWorker = require(testWorkerPath) as TestWorkerModule;
  const Resolver = resolverClass(testWorkerPath);
  clearFileCache = () => Resolver.clearDefaultResolverCache?.();
}

export async function worker({ run, call }: KeptWorkerCall): Promise<unknown> {
  if (run.id !== currentRun) {
    if (currentRun !== undefined) clearFileCache?.();
    await testWorker!.setup(JSON.parse(fs.readFileSync(run.setupFile, 'utf8')));
    currentRun = run.id;
  }
  return testWorker!.worker(call);
}
