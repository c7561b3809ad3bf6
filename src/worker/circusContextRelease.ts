// The module object itself (not an import namespace copy), so that its export can be replaced.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import asyncHooks = require('node:async_hooks');

/**
 * Releases the AsyncLocalStorage that jest-circus creates for every test file.
 *
 * Jest 30's circus keeps its test execution context in an AsyncLocalStorage declared at the top of
 * `jestAdapterInit.js` (jest-circus/src/testExecutionContext.ts). Jest loads that module afresh for each
 * test file (jest-circus/src/legacy-code-todo-rewrite/jestAdapter.ts, `runtime.requireInternalModule`),
 * so a worker that runs N test files has created N storages, and never disables them. With Node's
 * async_hooks implementation of AsyncLocalStorage (the default up to Node 22) every enabled storage
 * copies its store onto every new promise, so each `await` in the N+1th file costs N property writes:
 * in band on a 309-file project, 17 GB of allocations and a third of the CPU time went there, with
 * Jest's default runner too. Once a file's framework call has returned, circus is done with its
 * storage; disabling it removes it from Node's list and changes nothing the tests can see.
 *
 * Only storages constructed by jest-circus while a test file runs are released: a storage the user's
 * code creates keeps Jest's behaviour. Can go when circus disables its storage itself.
 */
const Original = asyncHooks.AsyncLocalStorage;
let created: Array<InstanceType<typeof Original>> | undefined;

/**
 * The file of the code that called the constructor. Read from V8's call sites with a local
 * `prepareStackTrace`, so that Jest's source-map support (which reads files to map every frame) stays out.
 */
function callerFile(): string | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, ReleasableAsyncLocalStorage);
    return holder.stack?.[0]?.getFileName() ?? undefined;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

class ReleasableAsyncLocalStorage<T> extends Original<T> {
  constructor() {
    super();
    if (created && /[\\/]jest-circus[\\/]/.test(callerFile() ?? '')) created.push(this);
  }
}

let installed = false;

/** Makes `new AsyncLocalStorage()` seen by test files collectible (once per worker). */
export function installCircusContextRelease(): void {
  if (installed || asyncHooks.AsyncLocalStorage !== Original) return;
  installed = true;
  asyncHooks.AsyncLocalStorage = ReleasableAsyncLocalStorage;
}

/** Runs one test file's framework; afterwards disables the storages circus created for it. */
export async function releasingCircusContexts<T>(run: () => Promise<T>): Promise<T> {
  const outer = created;
  const own: Array<InstanceType<typeof Original>> = [];
  created = own;
  try {
    return await run();
  } finally {
    created = outer;
    for (const storage of own) storage.disable();
  }
}
