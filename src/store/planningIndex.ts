import type { RootDatabase } from 'lmdb';
import { RANGE_END, type DependencyRecord, type SourceRecord, type TestFileRecord } from './schema';

/**
 * What planning asks of every recorded source, dependency and test file on every run, in one record:
 * a source's size and mtime, a dependency's hash, and a test file's head (its hash, status and
 * dependencies, without its tests' ids, line hashes or spans). Reading it is one decode instead of one
 * per record (about 4,000 on a 1,000-file project, most of the planning time); a full record is then
 * decoded only for a source whose size or mtime moved, or a test file that changed or is selected.
 *
 * The index stands for the records only while nothing else wrote. Every writing transaction of a handle
 * deletes it and bumps a generation counter; a handle that finds the counter moved since it last looked
 * (another process wrote in between) drops its copy. `close()` writes the handle's copy back when the
 * counter is still the one of its last write; otherwise, and after a run that never closes (a crash, a
 * kill), there is no index and the next run builds it from the records.
 */
export const PLANNING_INDEX_KEY = ['planningIndex'];
const GENERATION_KEY = ['planningGeneration'];

/** Whether a key (as an export lists it) belongs to the index: exports and imports leave it out. */
export const isPlanningIndexKey = (key: readonly string[]): boolean => key.length === 1 && (key[0] === PLANNING_INDEX_KEY[0] || key[0] === GENERATION_KEY[0]);

/** A source's [size, mtimeMs, stale (1) or not (0)]. */
export type SourceStat = [size: number, mtimeMs: number, stale: 0 | 1];

/** What change detection, selection and the report of skipped files read of a test file that did not change. */
export interface TestFileHead extends Pick<TestFileRecord, 'status' | 'framework' | 'hash' | 'size' | 'mtimeMs' | 'durationMs' | 'error' | 'dependencies'> {
  /** The tests' ids, in the record's order: selection names tests by them, and skipped files report them. */
  ids: string[];
  /** Indexes of the tests that failed in their last run. */
  failed: number[];
  /** The record has the file's token and line hashes (a worker can tell which tests' code changed). */
  shaped: boolean;
}

/** Bumped when the head's fields change: an index of another format is rebuilt from the records. */
const INDEX_FORMAT = 2;

interface PlanningIndexRecord {
  format: number;
  sources: Record<string, SourceStat>;
  dependencies: Record<string, [hash: string, size: number, mtimeMs: number]>;
  /** By `${project}\0${testPath}`. */
  testFiles: Record<string, TestFileHead>;
}

export function headOf(record: TestFileRecord): TestFileHead {
  const failed: number[] = [];
  record.tests.forEach((test, index) => {
    if (test.status === 'failed') failed.push(index);
  });
  const { status, framework, hash, size, mtimeMs, durationMs, error, dependencies } = record;
  return {
    status,
    framework,
    hash,
    size,
    mtimeMs,
    durationMs,
    ...(error === undefined ? {} : { error }),
    dependencies,
    ids: record.tests.map((test) => test.id),
    failed,
    shaped: Boolean(record.tokenHash && record.lineHashes),
  };
}

/** The stored index, or undefined when there is none or it cannot be read (it is then built from the records). */
function parsedIndex(stored: unknown): PlanningIndexRecord | undefined {
  if (typeof stored !== 'string') return undefined;
  try {
    const parsed = JSON.parse(stored) as Partial<PlanningIndexRecord> | null;
    return parsed?.format === INDEX_FORMAT && parsed.sources && parsed.dependencies && parsed.testFiles ? (parsed as PlanningIndexRecord) : undefined;
  } catch {
    return undefined;
  }
}

const byKey = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);

export class PlanningIndex {
  private index: PlanningIndexRecord | undefined;
  /** The generation this handle last saw: when it loaded, or its own last write. */
  private generation = 0;
  /** The stored index no longer matches (deleted by a write of this handle, or never written). */
  private unsaved = false;

  constructor(private readonly db: RootDatabase) {}

  private storedGeneration(): number {
    return (this.db.get(GENERATION_KEY) as number | undefined) ?? 0;
  }

  private loaded(): PlanningIndexRecord {
    if (this.index) return this.index;
    // The generation before the index: a write in between shows as a moved generation at this handle's first write.
    this.generation = this.storedGeneration();
    const stored = parsedIndex(this.db.get(PLANNING_INDEX_KEY));
    if (stored) {
      this.index = stored;
      return stored;
    }
    const built: PlanningIndexRecord = { format: INDEX_FORMAT, sources: {}, dependencies: {}, testFiles: {} };
    for (const { key, value } of this.db.getRange({ start: ['source'], end: ['source', RANGE_END] })) {
      const record = value as SourceRecord;
      built.sources[(key as [string, string])[1]] = [record.size, record.mtimeMs, record.stale ? 1 : 0];
    }
    for (const { key, value } of this.db.getRange({ start: ['dep'], end: ['dep', RANGE_END] })) {
      const record = value as DependencyRecord;
      built.dependencies[(key as [string, string])[1]] = [record.hash, record.size, record.mtimeMs];
    }
    for (const { key, value } of this.db.getRange({ start: ['file'], end: ['file', RANGE_END] })) {
      const [, project, testPath] = key as [string, string, string];
      built.testFiles[`${project}\0${testPath}`] = headOf(value as TestFileRecord);
    }
    this.index = built;
    this.unsaved = true;
    return built;
  }

  /** Every recorded source with its size, mtime and staleness, in path order. */
  sources(): Array<[source: string, stat: SourceStat]> {
    return Object.entries(this.loaded().sources).sort(byKey);
  }

  dependency(key: string): DependencyRecord | undefined {
    const entry = this.loaded().dependencies[key];
    return entry ? { hash: entry[0], size: entry[1], mtimeMs: entry[2] } : undefined;
  }

  testFile(project: string, testPath: string): TestFileHead | undefined {
    return this.loaded().testFiles[`${project}\0${testPath}`];
  }

  /** Every recorded test file's head, in key order (project, then path). */
  testFiles(): Array<{ project: string; testPath: string; head: TestFileHead }> {
    return Object.entries(this.loaded().testFiles)
      .sort(byKey)
      .map(([key, head]) => {
        const split = key.indexOf('\0');
        return { project: key.slice(0, split), testPath: key.slice(split + 1), head };
      });
  }

  /**
   * Call inside every writing transaction, before the records change: the stored index stops standing
   * for them, and a copy that missed another process's writes is dropped (rebuilt at the next read).
   */
  beforeWrite(): void {
    const current = this.storedGeneration();
    if (current !== this.generation) this.index = undefined;
    this.generation = current + 1;
    this.db.putSync(GENERATION_KEY, this.generation);
    // Always: the stored index may be another handle's, saved after this one loaded.
    this.db.removeSync(PLANNING_INDEX_KEY);
    this.unsaved = true;
  }

  sourceWritten(source: string, record: SourceRecord): void {
    if (this.index) this.index.sources[source] = [record.size, record.mtimeMs, record.stale ? 1 : 0];
  }

  dependencyWritten(key: string, record: DependencyRecord): void {
    if (this.index) this.index.dependencies[key] = [record.hash, record.size, record.mtimeMs];
  }

  testFileWritten(project: string, testPath: string, record: TestFileRecord): void {
    if (this.index) this.index.testFiles[`${project}\0${testPath}`] = headOf(record);
  }

  /**
   * Writes the handle's up-to-date copy (built from the records if it has none) when the stored one is
   * missing, unless another process wrote since this handle's last look.
   */
  save(): void {
    if (!this.unsaved) return;
    this.db.transactionSync(() => {
      if (this.index && this.storedGeneration() !== this.generation) return;
      // Stored as JSON text: V8's JSON.parse reads it in a third of the time msgpack takes in a process that just started.
      this.db.putSync(PLANNING_INDEX_KEY, JSON.stringify(this.loaded()));
    });
    this.unsaved = false;
  }
}
