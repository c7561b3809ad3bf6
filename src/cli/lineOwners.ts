import { isBodyLine } from '../store/lineEncoding';
import type { ImpactStore } from '../store/ImpactStore';

/** One test of one test file (what `why` prints). */
export interface TestRef {
  project: string;
  testPath: string;
  testId: string;
  /** It executed the line in a Node.js child process it started. */
  child?: boolean;
}

export interface LineOwners {
  /** Tests that executed the line. */
  tests: TestRef[];
  /** Test files whose load bucket holds the line: all their tests depend on it. */
  loadedBy: Array<{ project: string; testPath: string; testCount: number; child?: boolean }>;
}

/** For each line of `sourcePath` (or only `lines`), the tests that executed it, from the inverted index. */
export function ownersOf(store: ImpactStore, sourcePath: string, lines?: { from: number; to: number }): Map<number, LineOwners> {
  const owners = new Map<number, LineOwners>();
  const ownersAt = (line: number): LineOwners => {
    let entry = owners.get(line);
    if (!entry) owners.set(line, (entry = { tests: [], loadedBy: [] }));
    return entry;
  };
  const wanted = (line: number) => !isBodyLine(line) && (!lines || (line >= lines.from && line <= lines.to));
  for (const { project, testPath, load, tests, child } of store.lines.decodedOfSource(sourcePath)) {
    const file = store.testFile(project, testPath);
    if (!file) continue;
    const inChild = new Set(child ?? []);
    for (const line of load) {
      if (wanted(line)) ownersAt(line).loadedBy.push({ project, testPath, testCount: file.tests.length, ...(inChild.has(-1) ? { child: true } : {}) });
    }
    for (const [testIndex, testLines] of tests) {
      const testId = file.tests[testIndex]?.id;
      if (testId === undefined) continue;
      for (const line of testLines) if (wanted(line)) ownersAt(line).tests.push({ project, testPath, testId, ...(inChild.has(testIndex) ? { child: true } : {}) });
    }
  }
  return owners;
}
