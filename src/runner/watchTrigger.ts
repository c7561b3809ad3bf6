import type { GlobalConfig, JestTest, TestContext } from './jestTypes';
import { keyMayStartRun, listenToWatchKeys, takeLastKey } from './watchKeys';
import { watchSaves } from './watchSaves';

/**
 * What started a run: not watch mode, a file change (or the first run of a watch session), or a watch
 * key (`a`, `f`, `p`, `t`, Enter) with no file changed since the previous run.
 */
export type RunTrigger = 'not-watching' | 'file-change' | 'key';

/**
 * Jest's watch loop (@jest/core watch.ts) makes a new context for a project when one of its watched
 * files changes, and starts a run a key asked for with the contexts it already had. The runner module
 * stays loaded for the whole watch session, so the contexts earlier runs saw tell the two apart, but
 * for one case: a file changed during a run gets a new context and no run of its own, so the next
 * run, started by a key, sees a new context. A key pressed since the last run says which it was.
 */
const contextsOfEarlierRuns = new WeakSet<TestContext>();

export function runTriggerOf(globalConfig: GlobalConfig, tests: JestTest[]): RunTrigger {
  if (globalConfig['watch'] !== true && globalConfig['watchAll'] !== true) return 'not-watching';
  listenToWatchKeys();
  const lastKey = takeLastKey();
  const contexts = new Set(tests.map((test) => test.context));
  const saves = watchSaves();
  if (saves.selectNextRun) {
    // Started by the watch plugin for saves Jest does not see: a file change, not a key.
    saves.selectNextRun = false;
    for (const context of contexts) contextsOfEarlierRuns.add(context);
    return 'file-change';
  }
  const allSeenBefore = contexts.size > 0 && [...contexts].every((context) => contextsOfEarlierRuns.has(context));
  for (const context of contexts) contextsOfEarlierRuns.add(context);
  if (allSeenBefore) return 'key';
  return lastKey !== undefined && keyMayStartRun(lastKey) ? 'key' : 'file-change';
}

/** The reason a key-started watch run runs every test Jest chose, as the summary prints it. */
export const WATCH_KEY_REASON = 'watch: a key started this run, not a file change, so every test Jest chose ran';
