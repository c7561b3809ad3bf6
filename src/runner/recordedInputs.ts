import * as path from 'node:path';
import { inputKey, kindsOf, type InputKind } from '../changes/inputKeys';
import type { FileRecording, RuntimeInput } from '../recording';
import { relativePath } from './projectKeys';

const NODE_MODULES = /[\\/]node_modules[\\/]/;

/** One non-instrumented dependency of a test file: which of its tests depend on it ('all': the file's). */
export interface PlannedDependency {
  key: string;
  kind: InputKind;
  /** Absolute path. */
  file: string;
  tests: 'all' | Set<number>;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The non-instrumented dependencies of one test file's recording (DESIGN.md §4 rule 8), keyed by input
 * key: the files its runtime loaded and its snapshot (every test), and what its code read, checked or
 * listed through `fs` (the test that did, or every test when it happened outside a test). Files outside
 * rootDir, in node_modules, or in `ignoredDirs` (the store, Jest's cache) are not inputs.
 */
export function plannedDependencies(rootDir: string, recording: FileRecording, ignoredDirs: readonly string[]): Map<string, PlannedDependency> {
  const planned = new Map<string, PlannedDependency>();
  const add = (kind: InputKind, file: string, test: number | 'all') => {
    const relative = relativePath(rootDir, file);
    const key = inputKey(kind, relative);
    let entry = planned.get(key);
    if (!entry) planned.set(key, (entry = { key, kind, file, tests: new Set() }));
    if (test === 'all') entry.tests = 'all';
    else if (entry.tests !== 'all') entry.tests.add(test);
  };
  for (const file of recording.loadedFiles) if (!NODE_MODULES.test(file)) add('content', file, 'all');
  if (recording.snapshotFile) add('content', recording.snapshotFile, 'all');

  const addInputs = (inputs: RuntimeInput[] | undefined, test: number | 'all') => {
    for (const [file, bits] of inputs ?? []) {
      if (relativePath(rootDir, file).startsWith('../') || ignoredDirs.some((dir) => isInside(file, dir))) continue;
      for (const kind of kindsOf(bits)) add(kind, file, test);
    }
  };
  addInputs(recording.loadInputs, 'all');
  recording.tests.forEach((test, index) => addInputs(test.inputs, index));
  return planned;
}

/** `[key, value, ...test indexes]`, no index meaning every test of the file, sorted by key. */
export function dependencyEntries(planned: Map<string, PlannedDependency>, values: Map<string, string>): Array<[string, string, ...number[]]> {
  return [...planned.values()]
    .map((entry): [string, string, ...number[]] => [entry.key, values.get(entry.key)!, ...(entry.tests === 'all' ? [] : [...entry.tests].sort((a, b) => a - b))])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
