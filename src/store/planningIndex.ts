import type { RootDatabase } from 'lmdb';
import { RANGE_END, fileKey, type DependencyRecord, type SourceRecord, type TestFileRecord } from './schema';
import { decodeIndex, encodeIndex, idsOf, readAllIds, type IndexedHead, type LoadedIndex, type SourceStat, type TestFileHead } from './planningIndexLayout';

/**
 * What planning asks of every recorded source, dependency and test file on every run, in one record
 * and its tests' ids beside it (layout: planningIndexLayout.ts): a source's size and mtime, a
 * dependency's hash, and a test file's head (its hash, status, dependencies and test count, without
 * line hashes or spans). Reading it is one parse instead of one decode per record (about 4,000 on a
 * 1,000-file project); a full record is then decoded only for a source whose size or mtime moved, or a
 * test file that changed or whose coverage a skipped result carries.
 *
 * The index stands for the records only while nothing else wrote. Every writing transaction of a handle
 * deletes it and bumps a generation counter; a handle that finds the counter moved since it last looked
 * (another process wrote in between) drops its copy. `close()` writes the handle's copy back when the
 * counter is still the one of its last write; otherwise, and after a run that never closes (a crash, a
 * kill), there is no index and the next run builds it from the records.
 */
export const PLANNING_INDEX_KEY = ['planningIndex'];
/** The tests' ids of every head, apart: planning reads them for a few files (planningIndexLayout.ts). */
export const PLANNING_IDS_KEY = ['planningIds'];
const GENERATION_KEY = ['planningGeneration'];
const KEYS = new Set([PLANNING_INDEX_KEY[0], PLANNING_IDS_KEY[0], GENERATION_KEY[0]]);

/** Whether a key (as an export lists it) belongs to the index: exports and imports leave it out. */
export const isPlanningIndexKey = (key: readonly string[]): boolean => key.length === 1 && KEYS.has(key[0]!);

export type { SourceStat, TestFileHead } from './planningIndexLayout';

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

/** After this many test files' ids read one by one, the rest are read in one parse. */
const BULK_AFTER = 32;

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
  /** Heads whose ids this handle parsed one by one. */
  private idsRead = 0;

  constructor(private readonly db: RootDatabase) {}

  private storedGeneration(): number {
    return (this.db.get(GENERATION_KEY) as number | undefined) ?? 0;
  }

  private loaded(): LoadedIndex {
    if (this.index) return this.index;
    // The generation before the index: a write in between shows as a moved generation at this handle's first write.
    this.generation = this.storedGeneration();
    const stored = decodeIndex(this.db.get(PLANNING_INDEX_KEY), this.db.get(PLANNING_IDS_KEY));
    if (stored) {
      this.index = stored;
      return stored;
    }
    const built: LoadedIndex = { sources: new Map(), dependencies: {}, testFiles: new Map(), ids: Buffer.alloc(0), loadedOrder: [], sorted: { sources: true, testFiles: true } };
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
    const index = this.loaded();
    const head = index.testFiles.get(`${project}\0${testPath}`);
    if (!head) return undefined;
    if (!head.ids && ++this.idsRead === BULK_AFTER) readAllIds(index);
    // Bytes that do not parse as the head's ids: the record has them.
    head.ids ??= idsOf(head, index.ids) ?? (this.db.get(fileKey(project, testPath)) as TestFileRecord | undefined)?.tests.map((test) => test.id) ?? [];
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
    this.db.removeSync(PLANNING_IDS_KEY);
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

  /**
   * Writes the handle's up-to-date copy (built from the records if it has none) when the stored one is
   * missing, unless another process wrote since this handle's last look.
   */
  save(): void {
    if (!this.unsaved) return;
    this.db.transactionSync(() => {
      if (this.index && this.storedGeneration() !== this.generation) return;
      const sources = this.sources();
      const testFiles = this.testFiles().map(({ project, testPath }): [string, IndexedHead] => {
        const key = `${project}\0${testPath}`;
        return [key, this.index!.testFiles.get(key)!];
      });
      // The generation as the stamp: it moves with every write, and the stored values are this handle's.
      const encoded = encodeIndex(sources, this.loaded().dependencies, testFiles, this.loaded().ids, this.generation);
      this.db.putSync(PLANNING_INDEX_KEY, encoded.index);
      this.db.putSync(PLANNING_IDS_KEY, encoded.ids);
    });
    this.unsaved = false;
  }
}
