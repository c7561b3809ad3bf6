/**
 * Coverage while selecting: what a run with coverage records per test file, and the coverage a skipped
 * test file contributes to Jest's report from the store (its recorded counters against the current
 * shape of each source), so that Jest's CoverageReporter merges it like the coverage of a file that ran.
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { countersOf, fileCoverageOf, shapeOf, type FileCoverageData } from '../coverage/fileCoverage';
import type { SourceCoverage } from '../store/coverageRecords';
import type { ImpactStore } from '../store/ImpactStore';
import type { TestFileRecord } from '../store/schema';
import { relativePath } from './projectKeys';

export type CoverageMapData = Record<string, FileCoverageData>;

/** istanbul's hash of the file's coverage data, or one of its maps when the data has none. */
function shapeHash(data: FileCoverageData): string {
  if (typeof data.hash === 'string') return data.hash;
  return crypto.createHash('sha1').update(JSON.stringify([data.statementMap, data.fnMap, data.branchMap])).digest('hex');
}

/** Per source inside rootDir: the shape and this file's counters, from a test file's full coverage. */
export function sourceCoverageOf(rootDir: string, coverage: CoverageMapData): Map<string, SourceCoverage> {
  const sources = new Map<string, SourceCoverage>();
  for (const [file, data] of Object.entries(coverage)) {
    const source = relativePath(rootDir, file);
    if (source.startsWith('../') || path.isAbsolute(source)) continue;
    sources.set(source, { hash: shapeHash(data), shape: shapeOf(data), counters: countersOf(data) });
  }
  return sources;
}

/** The coverage a skipped test file contributes, or undefined when it has none recorded. */
export function skippedFileCoverage(store: ImpactStore, rootDir: string, project: string, testPath: string, record: TestFileRecord | undefined): CoverageMapData | undefined {
  if (!record?.coverage) return undefined;
  const coverage: CoverageMapData = {};
  for (const source of record.coverage) {
    const shape = store.coverage.shape(source);
    const counters = store.coverage.counters(source, project, testPath);
    if (!shape || !counters) continue;
    const file = path.join(rootDir, source);
    coverage[file] = fileCoverageOf(file, shape.shape, counters);
  }
  return coverage;
}
