import * as fs from 'node:fs';
import type { ImpactStore } from './ImpactStore';
import { decodeLines, isBodyLine } from './lineEncoding';
import { databaseFiles } from './openStore';

export interface StoreStatistics {
  testFiles: number;
  tests: number;
  sources: number;
  lineEntries: number;
  coveredLines: number;
  bytesOnDisk: number;
}

/** Counts for `jest-impact status` and the benchmarks. */
export function storeStatistics(store: ImpactStore): StoreStatistics {
  let testFiles = 0;
  let tests = 0;
  for (const { record } of store.testFiles()) {
    testFiles++;
    tests += record.tests.length;
  }
  let lineEntries = 0;
  let coveredLines = 0;
  let currentSource: string | undefined;
  let linesOfSource = new Set<number>();
  for (const { source, entry } of store.lines.all()) {
    lineEntries++;
    if (source !== currentSource) {
      coveredLines += linesOfSource.size;
      linesOfSource = new Set();
      currentSource = source;
    }
    for (const line of decodeLines(entry.load)) if (!isBodyLine(line)) linesOfSource.add(line);
    for (const [, ...gaps] of entry.tests) for (const line of decodeLines(gaps)) if (!isBodyLine(line)) linesOfSource.add(line);
  }
  coveredLines += linesOfSource.size;
  const bytesOnDisk = databaseFiles(store.directory).reduce((sum, file) => {
    try {
      return sum + fs.statSync(file).size;
    } catch {
      return sum;
    }
  }, 0);
  return { testFiles, tests, sources: store.sourceCount(), lineEntries, coveredLines, bytesOnDisk };
}
