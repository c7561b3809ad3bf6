'use strict';
/**
 * Preloaded (`NODE_OPTIONS=--require`) into plain Jest for the benchmark's reference row: plain Jest with
 * the fix the runner makes in its workers (src/worker/circusContextRelease.ts). Jest 30's circus creates
 * an AsyncLocalStorage per test file and never disables it, so every await pays for every earlier file of
 * the process. A process runs one test file at a time, so when circus creates the storage of the next
 * file, the earlier ones are done with and are disabled here.
 */
const asyncHooks = require('node:async_hooks');

const Original = asyncHooks.AsyncLocalStorage;
const earlier = [];

function callerFile() {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder = {};
    Error.captureStackTrace(holder, ReleasingAsyncLocalStorage);
    return (holder.stack && holder.stack[0] && holder.stack[0].getFileName()) || '';
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

class ReleasingAsyncLocalStorage extends Original {
  constructor() {
    super();
    if (/[\\/]jest-circus[\\/]/.test(callerFile())) {
      for (const storage of earlier.splice(0)) storage.disable();
      earlier.push(this);
    }
  }
}

asyncHooks.AsyncLocalStorage = ReleasingAsyncLocalStorage;
