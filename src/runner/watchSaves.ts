/**
 * What the watch plugin and the runner share in Jest's parent process. Kept on a global so that the two
 * see one state even if Jest loads them through different module instances.
 */
interface WatchSaves {
  /** The plugin started the next run for saved files Jest does not watch: it selects by change, as on a save. */
  selectNextRun: boolean;
  /** A run of the runner is going on: a key now would interrupt it. */
  running: boolean;
  /** The watch plugin is loaded in this process. */
  pluginLoaded: boolean;
  /** The notice about files outside roots was printed in this watch session. */
  noticePrinted: boolean;
}

const KEY = Symbol.for('jest-runner-impact.watchSaves');

export function watchSaves(): WatchSaves {
  const holder = globalThis as unknown as Record<symbol, WatchSaves | undefined>;
  holder[KEY] ??= { selectNextRun: false, running: false, pluginLoaded: false, noticePrinted: false };
  return holder[KEY];
}
