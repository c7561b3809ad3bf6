import type { RootDatabase } from 'lmdb';
import { RANGE_END, fileKey, type DependencyRecord, type SourceRecord, type TestFileRecord } from './schema';

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
  /** How many tests the record has (their ids: `PlanningIndex.testIds`). */
  testCount: number;
  /** Indexes of the tests that failed in their last run. */
  failed: number[];
  /** The record has the file's token and line hashes (a worker can tell which tests' code changed). */
  shaped: boolean;
}

/**
 * A head as the index holds it, with the tests' ids, in the record's order: selection names tests by
 * them, and skipped files report them. They are more than half of the index, and most runs need them
 * for a few files only, so they are stored as JSON text inside the index's JSON and parsed per file
 * when first asked for (the index then parses in half the time).
 */
interface IndexedHead extends TestFileHead {
  ids: string | string[];
}

/** Bumped when the layout or the head's fields change: an index of another format is rebuilt from the records. */
const INDEX_FORMAT = 3;

/** As stored: entries in key order, so that a run reads them in order without sorting. */
interface StoredIndex {
  format: number;
  sources: Array<[source: string, stat: SourceStat]>;
  dependencies: Record<string, [hash: string, size: number, mtimeMs: number]>;
  /** By `${project}\0${testPath}`; `ids` as JSON text. */
  testFiles: Array<[key: string, head: IndexedHead]>;
}

interface LoadedIndex {
  sources: Map<string, SourceStat>;
  dependencies: Record<string, [hash: string, size: number, mtimeMs: number]>;
  testFiles: Map<string, IndexedHead>;
  /** The maps are in key order (as loaded); a write of a new key clears it. */
  sorted: { sources: boolean; testFiles: boolean };
}

export function headOf(record: TestFileRecord): IndexedHead {
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
    testCount: record.tests.length,
    ids: record.tests.map((test) => test.id),
    failed,
    shaped: Boolean(record.tokenHash && record.lineHashes),
  };
}

/** The stored index, or undefined when there is none or it cannot be read (it is then built from the records). */
function parsedIndex(stored: unknown): LoadedIndex | undefined {
  if (typeof stored !== 'string') return undefined;
  try {
    const parsed = JSON.parse(stored) as Partial<StoredIndex> | null;
    if (parsed?.format !== INDEX_FORMAT || !Array.isArray(parsed.sources) || !parsed.dependencies || !Array.isArray(parsed.testFiles)) return undefined;
    return { sources: new Map(parsed.sources), dependencies: parsed.dependencies, testFiles: new Map(parsed.testFiles), sorted: { sources: true, testFiles: true } };
  } catch {
    return undefined;
  }
}

const byKey = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);

/** The map's entries in key order, and the map itself rebuilt in that order when a write broke it. */
function inKeyOrder<T>(map: Map<string, T>, sorted: boolean): { entries: Array<[string, T]>; map: Map<string, T> } {
  if (sorted) return { entries: [...map], map };
  const entries = [...map].sort(byKey);
  return { entries, map: new Map(entries) };
}

export class PlanningIndex {
  private index: LoadedIndex | undefined;
  /** The generation this handle last saw: when it loaded, or its own last write. */
  private generation = 0;
  /** The stored index no longer matches (deleted by a write of this handle, or never written). */
  private unsaved = false;

  constructor(private readonly db: RootDatabase) {}

  private storedGeneration(): number {
    return (this.db.get(GENERATION_KEY) as number | undefined) ?? 0;
  }

  private loaded(): LoadedIndex {
    if (this.index) return this.index;
    // The generation before the index: a write in between shows as a moved generation at this handle's first write.
    this.generation = this.storedGeneration();
    const stored = parsedIndex(this.db.get(PLANNING_INDEX_KEY));
    if (stored) {
      this.index = stored;
      return stored;
    }
    const built: LoadedIndex = { sources: new Map(), dependencies: {}, testFiles: new Map(), sorted: { sources: true, testFiles: true } };
    for (const { key, value } of this.db.getRange({ start: ['source'], end: ['source', RANGE_END] })) {
      const record = value as SourceRecord;
      built.sources.set((key as [string, string])[1], [record.size, record.mtimeMs, record.stale ? 1 : 0]);
    }
    for (const { key, value } of this.db.getRange({ start: ['dep'], end: ['dep', RANGE_END] })) {
      const record = value as DependencyRecord;
      built.dependencies[(key as [string, string])[1]] = [record.hash, record.size, record.mtimeMs];
    }
    for (const { key, value } of this.db.getRange({ start: ['file'], end: ['file', RANGE_END] })) {
      const [, project, testPath] = key as [string, string, string];
      built.testFiles.set(`${project}\0${testPath}`, headOf(value as TestFileRecord));
    }
    // LMDB's key order (msgpack-encoded key arrays) need not be the order of the strings.
    built.sorted = { sources: false, testFiles: false };
    this.index = built;
    this.unsaved = true;
    return built;
  }

  /** Every recorded source with its size, mtime and staleness, in path order. */
  sources(): Array<[source: string, stat: SourceStat]> {
    const index = this.loaded();
    const { entries, map } = inKeyOrder(index.sources, index.sorted.sources);
    index.sources = map;
    index.sorted.sources = true;
    return entries;
  }

  dependency(key: string): DependencyRecord | undefined {
    const entry = this.loaded().dependencies[key];
    return entry ? { hash: entry[0], size: entry[1], mtimeMs: entry[2] } : undefined;
  }

  testFile(project: string, testPath: string): TestFileHead | undefined {
    return this.loaded().testFiles.get(`${project}\0${testPath}`);
  }

  /** The ids of a test file's tests, in the record's order; undefined when the file has no record. */
  testIds(project: string, testPath: string): string[] | undefined {
    const head = this.loaded().testFiles.get(`${project}\0${testPath}`);
    if (!head) return undefined;
    if (typeof head.ids === 'string') {
      try {
        head.ids = JSON.parse(head.ids) as string[];
      } catch {
        // Text that no longer parses: the record has the ids.
        head.ids = (this.db.get(fileKey(project, testPath)) as TestFileRecord | undefined)?.tests.map((test) => test.id) ?? [];
      }
    }
    return head.ids;
  }

  /** Every recorded test file's head, in key order (project, then path). */
  testFiles(): Array<{ project: string; testPath: string; head: TestFileHead }> {
    const index = this.loaded();
    const { entries, map } = inKeyOrder(index.testFiles, index.sorted.testFiles);
    index.testFiles = map;
    index.sorted.testFiles = true;
    return entries.map(([key, head]) => {
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
    if (!this.index) return;
    if (!this.index.sources.has(source)) this.index.sorted.sources = false;
    this.index.sources.set(source, [record.size, record.mtimeMs, record.stale ? 1 : 0]);
  }

  dependencyWritten(key: string, record: DependencyRecord): void {
    if (this.index) this.index.dependencies[key] = [record.hash, record.size, record.mtimeMs];
  }

  testFileWritten(project: string, testPath: string, record: TestFileRecord): void {
    if (!this.index) return;
    const key = `${project}\0${testPath}`;
    if (!this.index.testFiles.has(key)) this.index.sorted.testFiles = false;
    this.index.testFiles.set(key, headOf(record));
  }

  private stored(): StoredIndex {
    const sources = this.sources();
    const testFiles = this.testFiles().map(({ project, testPath }): [string, IndexedHead] => {
      const key = `${project}\0${testPath}`;
      const head = this.index!.testFiles.get(key)!;
      return [key, typeof head.ids === 'string' ? head : { ...head, ids: JSON.stringify(head.ids) }];
    });
    return { format: INDEX_FORMAT, sources, dependencies: this.loaded().dependencies, testFiles };
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
      this.db.putSync(PLANNING_INDEX_KEY, JSON.stringify(this.stored()));
    });
    this.unsaved = false;
  }
}
