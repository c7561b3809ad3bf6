/**
 * V8 keeps `Error.stackTraceLimit` frames of an error's stack (10 by default), and the runner's own
 * frames count among them. An error thrown while a test file loads has them in its stack (the test
 * framework wrapper and, in band, the runner's async frames up to Jest's scheduler), so with the same
 * limit it would keep fewer of Jest's and the user's frames than under the default runner: on Jest 27 a
 * file that fails to load lost the scheduler's two frames that the default runner prints. Jest drops
 * the runner's frames from what it prints (jest-message-util filters `jest-…/build/` paths), so raising
 * the test environment's limit by exactly their number while the file loads prints what the default
 * runner prints. The limit goes back at circus's `run_start` (tests and hooks run deeper than any of
 * the runner's frames) or when the framework returns, unless the test code set a limit of its own.
 */

const OWN_FILE = /[\\/]jest-runner-impact[\\/]build[\\/]/;

/** How many of the callers of `fn` (a function on the stack now; itself left out) are the runner's frames. */
function ownCallerFrames(fn: (...args: never[]) => unknown): number {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const probe: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.stackTraceLimit = 200;
    // Call sites, not text: Jest's source-map support would otherwise read files for every frame.
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.captureStackTrace(probe, fn);
    return (probe.stack ?? []).filter((site) => OWN_FILE.test(site.getFileName() ?? '')).length;
  } catch {
    return 0;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

export interface LoadStackLimit {
  /** Puts the environment's limit back, unless test code changed it meanwhile. */
  restore(): void;
}

/**
 * Call from the framework wrapper, before it calls the framework: the wrapper's callers, the wrapper
 * and `between` (the runner's frames between the wrapper and the framework while the file loads).
 */
export function raiseLoadStackLimit(environmentGlobal: Record<string, unknown>, wrapper: (...args: never[]) => unknown, between: number): LoadStackLimit {
  const errorClass = environmentGlobal['Error'] as { stackTraceLimit?: unknown } | undefined;
  const original = errorClass?.stackTraceLimit;
  if (!errorClass || typeof original !== 'number' || !Number.isFinite(original)) return { restore: () => {} };
  const raised = original + ownCallerFrames(wrapper) + 1 + between;
  errorClass.stackTraceLimit = raised;
  let restored = false;
  return {
    restore() {
      if (restored) return;
      restored = true;
      if (errorClass.stackTraceLimit === raised) errorClass.stackTraceLimit = original;
    },
  };
}
