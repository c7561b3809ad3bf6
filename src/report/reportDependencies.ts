import { parseInputKey } from '../changes/inputKeys';
import type { ImpactStore } from '../store/ImpactStore';

/** A file that is not instrumented (JSON, a snapshot, a mock, a setup file, a file read or listed through `fs`) and the tests that depend on it. */
export interface ReportDependency {
  file: string;
  uses: Array<{ use: 'read' | 'checked' | 'listed'; tests: number[] }>;
}

const USES = { content: 'read', exists: 'checked', listing: 'listed' } as const;

/** Every recorded non-instrumented dependency, by file and use, with indexes into the report's tests. */
export function dependenciesOf(
  store: ImpactStore,
  fileIndexOf: (project: string, testPath: string) => number | undefined,
  files: ReadonlyArray<{ first: number; count: number }>,
): ReportDependency[] {
  const byFile = new Map<string, Map<ReportDependency['uses'][number]['use'], Set<number>>>();
  for (const { project, testPath, record } of store.testFiles()) {
    const file = fileIndexOf(project, testPath);
    if (file === undefined) continue;
    const { first, count } = files[file]!;
    for (const [key, , ...indexes] of record.dependencies) {
      const input = parseInputKey(key);
      let uses = byFile.get(input.file);
      if (!uses) byFile.set(input.file, (uses = new Map()));
      const use = USES[input.kind];
      let tests = uses.get(use);
      if (!tests) uses.set(use, (tests = new Set()));
      if (indexes.length === 0) for (let i = first; i < first + count; i++) tests.add(i);
      else for (const index of indexes) if (index < count) tests.add(first + index);
    }
  }
  return [...byFile]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, uses]) => ({ file, uses: [...uses].map(([use, tests]) => ({ use, tests: [...tests].sort((a, b) => a - b) })) }));
}
