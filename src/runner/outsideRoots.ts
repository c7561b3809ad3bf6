import * as path from 'node:path';
import type { ImpactStore } from '../store/ImpactStore';
import type { JestTest } from './jestTypes';
import { warn } from './output';
import { watchSaves } from './watchSaves';

/** Whether an absolute file lies under one of `roots` (absolute folders). */
function isUnder(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/**
 * Recorded files (rootDir-relative, "/" separated) that Jest does not watch: outside the `roots` of
 * every project. A save of one of them starts no watch run on its own.
 */
export function filesOutsideRoots(files: Iterable<string>, rootDir: string, projectRoots: ReadonlyArray<readonly string[]>): string[] {
  const outside: string[] = [];
  for (const file of files) {
    const absolute = path.resolve(rootDir, file);
    if (file.split('/').includes('node_modules')) continue;
    if (!projectRoots.some((roots) => isUnder(absolute, roots))) outside.push(file);
  }
  return outside.sort();
}

/** The `roots` entries that would make Jest watch these files: their top-level folders. */
export function rootsToAdd(files: readonly string[]): string[] {
  return [...new Set(files.map((file) => (file.includes('/') ? `<rootDir>/${file.slice(0, file.indexOf('/'))}` : '<rootDir>')))].sort();
}

/** The paragraph a watch prints once when it cannot see saves of recorded files. */
export function outsideRootsNotice(files: readonly string[]): string {
  const shown = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
  const roots = rootsToAdd(files);
  return (
    `Jest watches only the files under its roots, and ${files.length === 1 ? 'a recorded source lies' : `${files.length} recorded sources lie`} outside them (${shown}): a save there starts no watch run. ` +
    `Add "jest-runner-impact/watch-plugin" to watchPlugins in the Jest config, and such a save runs the tests it impacts; or add ${roots.map((root) => `"${root}"`).join(' and ')} to roots.`
  );
}

/**
 * In a watch session without the watch plugin: says once, at the first run that reaches the runner,
 * that saves of recorded files outside every project's roots start no run, and how to fix it.
 */
export function warnOnceAboutFilesOutsideRoots(store: ImpactStore, rootDir: string, tests: JestTest[]): void {
  const saves = watchSaves();
  if (saves.pluginLoaded || saves.noticePrinted || tests.length === 0) return;
  saves.noticePrinted = true;
  const projectRoots = [...new Set(tests.map((test) => test.context.config))].map((config) => (config as { roots?: string[] }).roots ?? [config.rootDir]);
  const outside = filesOutsideRoots(
    store.sourceStats().map(([source]) => source),
    rootDir,
    projectRoots,
  );
  if (outside.length > 0) warn(outsideRootsNotice(outside));
}
