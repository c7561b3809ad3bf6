/**
 * `watchPlugins: ['jest-runner-impact/watch-plugin']`: under `jest --watch` or `--watchAll`, a save of a
 * recorded file that Jest does not watch (outside every project's `roots`, such as `src/` beside
 * `roots: ['<rootDir>/test']`) starts a run of the tests it impacts. Jest offers plugins no way to start
 * a run but a key, so the plugin watches those files itself and, on a save, presses its own key once no
 * run is going on. Its run asks Jest for every test file (mode watchAll: Jest's "related to changed
 * files" cannot see files outside roots) and tells the runner to select by change, as on any save.
 */
import * as path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { parseInputKey } from './changes/inputKeys';
import { loadOptions } from './config/loadOptions';
import { filesOutsideRoots } from './runner/outsideRoots';
import { watchSaves } from './runner/watchSaves';
import { ImpactStore } from './store/ImpactStore';

const KEY = 's';
const DEBOUNCE_MS = 100;

interface ProjectInfo {
  config: { rootDir: string; roots: string[] };
}

interface JestHooks {
  onFileChange(listener: (event: { projects: ProjectInfo[] }) => void): void;
  onTestRunComplete(listener: (results: unknown) => void): void;
}

export default class ImpactWatchPlugin {
  private readonly stdin: NodeJS.ReadStream;
  private watcher: FSWatcher | undefined;
  private watched = new Set<string>();
  private projects: ProjectInfo[] = [];
  private timer: NodeJS.Timeout | undefined;
  private saved = false;

  constructor({ stdin }: { stdin: NodeJS.ReadStream }) {
    this.stdin = stdin;
    watchSaves().pluginLoaded = true;
  }

  apply(hooks: JestHooks): void {
    hooks.onFileChange(({ projects }) => {
      this.projects = projects;
      void this.watchRecordedFiles();
    });
    hooks.onTestRunComplete(() => {
      // Sources a run recorded for the first time are watched from now on; a save during the run starts the next.
      void this.watchRecordedFiles();
      if (this.saved) this.schedule();
    });
  }

  getUsageInfo(): { key: string; prompt: string } {
    return { key: KEY, prompt: 'run the tests impacted by what changed since the last run' };
  }

  async run(globalConfig: { watch?: boolean; watchAll?: boolean; mode?: string }, updateConfigAndRun: (change: Record<string, unknown>) => void): Promise<boolean> {
    this.saved = false;
    watchSaves().selectNextRun = true;
    updateConfigAndRun(globalConfig.watchAll || globalConfig.mode === 'watchAll' ? {} : { mode: 'watchAll' });
    return false;
  }

  /** Watches the recorded sources and dependencies outside every project's roots. */
  private async watchRecordedFiles(): Promise<void> {
    const rootDir = this.projects[0]?.config.rootDir;
    if (!rootDir) return;
    const files = await recordedFiles(rootDir);
    const outside = filesOutsideRoots(files, rootDir, this.projects.map((project) => project.config.roots));
    const fresh = outside.map((file) => path.resolve(rootDir, file)).filter((file) => !this.watched.has(file));
    if (fresh.length === 0) return;
    for (const file of fresh) this.watched.add(file);
    if (this.watcher) {
      this.watcher.add(fresh);
      return;
    }
    const { watch } = await import('chokidar');
    this.watcher = watch(fresh, { ignoreInitial: true, persistent: false });
    this.watcher.on('all', () => {
      this.saved = true;
      this.schedule();
    });
  }

  /** Presses the plugin's key once the saves settle and no run is going on (a key during a run interrupts it). */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (watchSaves().running || !this.saved) return;
      this.stdin.emit('data', KEY);
    }, DEBOUNCE_MS);
  }
}

/** Every source and non-instrumented file the store has recorded, rootDir-relative; none without a store. */
async function recordedFiles(rootDir: string): Promise<string[]> {
  try {
    const { options } = await loadOptions(rootDir, undefined);
    const store = ImpactStore.openForReading(options.store);
    try {
      const files = store.sourceStats().map(([source]) => source);
      for (const { record } of store.testFiles()) for (const [key] of record.dependencies) files.push(parseInputKey(key).file);
      return [...new Set(files)];
    } finally {
      store.close();
    }
  } catch {
    return [];
  }
}
