/**
 * Recorded istanbul coverage (issue: complete coverage while selecting). Per source, the shape of the
 * version its counters were counted against (istanbul's maps, identified by istanbul's own hash of them);
 * per source and test file, that file's counters. A test file's record lists the sources it has counters
 * for (`coverage`); a file without that list has no usable coverage and runs when a run reports coverage.
 *
 * Invariant: every counters entry of a source is against the stored shape of that source. A new shape
 * either comes with remapped counters (a rebase) or drops the other files' counters (and their lists).
 *
 * Keys:
 *   ['coverageShape', source]                     CoverageShapeRecord
 *   ['coverageCounters', source, project, testPath]  RecordedCounters
 */
import type { RootDatabase } from 'lmdb';
import type { CoverageShape, RecordedCounters } from '../coverage/fileCoverage';
import { remapCounters } from '../coverage/remapCounters';
import { RANGE_END } from './schema';

export interface CoverageShapeRecord {
  /** istanbul's hash of the instrumented file's coverage data (its maps): same hash, same maps. */
  hash: string;
  shape: CoverageShape;
}

/** What one test file's run counted in one source. */
export interface SourceCoverage {
  hash: string;
  shape: CoverageShape;
  counters: RecordedCounters;
}

export const coverageShapeKey = (source: string) => ['coverageShape', source];
export const coverageCountersKey = (source: string, project: string, testPath: string) => ['coverageCounters', source, project, testPath];

export class CoverageRecords {
  private readonly shapes = new Map<string, CoverageShapeRecord | undefined>();

  constructor(private readonly db: RootDatabase) {}

  shape(source: string): CoverageShapeRecord | undefined {
    if (!this.shapes.has(source)) this.shapes.set(source, this.db.get(coverageShapeKey(source)) as CoverageShapeRecord | undefined);
    return this.shapes.get(source);
  }

  /** Whether `source` has a shape, without decoding it (planning asks this of every skipped file's sources). */
  hasShape(source: string): boolean {
    if (this.shapes.has(source)) return this.shapes.get(source) !== undefined;
    return this.db.doesExist(coverageShapeKey(source));
  }

  counters(source: string, project: string, testPath: string): RecordedCounters | undefined {
    return this.db.get(coverageCountersKey(source, project, testPath)) as RecordedCounters | undefined;
  }

  /** The test files with counters in `source`. */
  *filesWithCounters(source: string): Generator<{ project: string; testPath: string; counters: RecordedCounters }> {
    for (const { key, value } of this.db.getRange({ start: ['coverageCounters', source], end: ['coverageCounters', source, RANGE_END] })) {
      const [, , project, testPath] = key as [string, string, string, string];
      yield { project, testPath, counters: value as RecordedCounters };
    }
  }

  /**
   * Inside a transaction: `source` gets a new shape. Returns the other test files whose counters were
   * against the old one and are dropped (their `coverage` lists must go).
   */
  replaceShape(source: string, record: CoverageShapeRecord, keep?: (project: string, testPath: string) => boolean): Array<{ project: string; testPath: string }> {
    const dropped: Array<{ project: string; testPath: string }> = [];
    const previous = this.shape(source);
    if (previous && previous.hash !== record.hash) {
      for (const { project, testPath } of [...this.filesWithCounters(source)]) {
        if (keep?.(project, testPath)) continue;
        this.db.removeSync(coverageCountersKey(source, project, testPath));
        dropped.push({ project, testPath });
      }
    }
    if (previous?.hash !== record.hash) this.db.putSync(coverageShapeKey(source), record);
    this.shapes.set(source, record);
    return dropped;
  }

  /**
   * Inside a transaction: `source` moved to a new version (old -> new lines in `lineMap`) whose shape is
   * `current`. Each file's counters follow it, or are dropped when they cannot (returned); without a
   * current shape, all are dropped.
   */
  rebaseSource(source: string, current: CoverageShapeRecord | undefined, lineMap: ReadonlyMap<number, number>): Array<{ project: string; testPath: string }> {
    const previous = this.shape(source);
    if (!previous) return [];
    if (!current) return this.removeSource(source);
    if (current.hash === previous.hash) return [];
    const dropped: Array<{ project: string; testPath: string }> = [];
    for (const { project, testPath, counters } of [...this.filesWithCounters(source)]) {
      const moved = remapCounters(previous.shape, current.shape, lineMap, counters);
      if (moved) this.putCounters(source, project, testPath, moved);
      else {
        this.removeCounters(source, project, testPath);
        dropped.push({ project, testPath });
      }
    }
    this.db.putSync(coverageShapeKey(source), current);
    this.shapes.set(source, current);
    return dropped;
  }

  /** Inside a transaction: `source` loses its shape and every file's counters there. */
  removeSource(source: string): Array<{ project: string; testPath: string }> {
    const dropped = [...this.filesWithCounters(source)].map(({ project, testPath }) => ({ project, testPath }));
    for (const { project, testPath } of dropped) this.db.removeSync(coverageCountersKey(source, project, testPath));
    this.db.removeSync(coverageShapeKey(source));
    this.shapes.set(source, undefined);
    return dropped;
  }

  putCounters(source: string, project: string, testPath: string, counters: RecordedCounters): void {
    this.db.putSync(coverageCountersKey(source, project, testPath), counters);
  }

  removeCounters(source: string, project: string, testPath: string): void {
    this.db.removeSync(coverageCountersKey(source, project, testPath));
  }
}
