import type { RootDatabase } from 'lmdb';
import { StoreError } from '../errors';
import type { RunPreparation, TestFileUpdate } from './storeUpdates';
import { isPlanningIndexKey, PlanningIndex, type SourceStat, type TestFileHead } from './planningIndex';
import { CoverageRecords } from './coverageRecords';
import { LineEntries } from './lineEntries';
import { RUN_SELECTION_KEY, type RunSelection } from './runSelectionRecord';
import { keptLinesOf, lineEntriesOf, remainingDirty, type RanLines } from './testFileEntries';
import { deleteDatabase, openDatabase, openOrRebuild, type OpenOutcome } from './openStore';
import {
  META_KEY,
  RANGE_END,
  SCHEMA_VERSION,
  dependencyKey,
  dirtyKey,
  fileKey,
  sourceKey,
  type DependencyRecord,
  type DirtyRecord,
  type SourceRecord,
  type StoreMeta,
  type TestFileRecord,
} from './schema';

export type { RunPreparation, SourceLines, SourceRebase, TestFileUpdate } from './storeUpdates';

export type { OpenOutcome } from './openStore';

/** The LMDB store of DESIGN.md §3. Every method that writes commits one synchronous transaction. */
export class ImpactStore {
  private readonly testFileCache = new Map<string, TestFileRecord | undefined>();
  private readonly index: PlanningIndex;
  /** Recorded istanbul coverage: shapes per source, counters per source and test file. */
  readonly coverage: CoverageRecords;
  /** The inverted index: per source, which tests of each test file executed which lines. */
  readonly lines: LineEntries;

  private constructor(
    readonly directory: string,
    private readonly db: RootDatabase,
    private readonly writable: boolean,
  ) {
    this.index = new PlanningIndex(db);
    this.coverage = new CoverageRecords(db);
    this.lines = new LineEntries(db);
  }

  /** Opens the store for writing; a store of another schema, or one that is not ours, is rebuilt. */
  static openForWriting(directory: string, expected: Omit<StoreMeta, 'lastRun'>): { store: ImpactStore; outcome: OpenOutcome } {
    const { db, outcome } = openOrRebuild(directory, expected);
    return { store: new ImpactStore(directory, db, true), outcome };
  }

  /**
   * Replaces whatever store is at `directory` with `entries` (an import or a merge), in one transaction.
   * The entries must include the meta record.
   */
  static replaceWith(directory: string, entries: Iterable<[key: string[], value: unknown]>): ImpactStore {
    deleteDatabase(directory);
    const db = openDatabase(directory, { readOnly: false });
    db.transactionSync(() => {
      for (const [key, value] of entries) if (!isPlanningIndexKey(key)) db.putSync(key, value);
    });
    return new ImpactStore(directory, db, true);
  }

  /** Every key and value of the store, in key order (an export). */
  *entries(): Generator<[key: string[], value: unknown]> {
    // lmdb's ordered-binary keys read a one-element array key (['meta']) back as its element.
    for (const { key, value } of this.db.getRange({})) {
      const parts = Array.isArray(key) ? (key as string[]) : [key as string];
      if (!isPlanningIndexKey(parts)) yield [parts, value];
    }
  }

  /** Opens an existing store for reading (the CLI). */
  static openForReading(directory: string): ImpactStore {
    const db = openDatabase(directory, { readOnly: true });
    const meta = db.get(META_KEY) as Partial<StoreMeta> | undefined;
    if (!meta || meta.schema !== SCHEMA_VERSION) {
      db.close();
      throw new StoreError(
        'E_STORE_SCHEMA',
        `Expected a store of schema ${SCHEMA_VERSION} at ${directory}, got ${meta ? `schema ${String(meta.schema)}` : 'a store without jest-runner-impact metadata'}.`,
        'Run `jest --runner=jest-runner-impact` to rebuild it, or `npx jest-impact reset` to delete it.',
      );
    }
    return new ImpactStore(directory, db, false);
  }

  meta(): StoreMeta {
    return this.db.get(META_KEY) as StoreMeta;
  }

  /** What the last run selected and why (the report's "last run"). */
  runSelection(): RunSelection | undefined {
    return this.db.get(RUN_SELECTION_KEY) as RunSelection | undefined;
  }

  /** Updates the meta record and, at the end of a run, what the run selected: one transaction. */
  updateMeta(change: Partial<StoreMeta>, runSelection?: RunSelection): void {
    this.db.transactionSync(() => {
      this.db.putSync(META_KEY, { ...this.meta(), ...change });
      if (runSelection) this.db.putSync(RUN_SELECTION_KEY, runSelection);
    });
  }

  /**
   * A test file's record. Records are decoded once per store handle (a run reads each one several
   * times: change detection, selection, skipped files, the summary) and must not be mutated; this
   * handle's own writes replace them.
   */
  testFile(project: string, testPath: string): TestFileRecord | undefined {
    const key = `${project}\0${testPath}`;
    if (this.testFileCache.has(key)) return this.testFileCache.get(key);
    const record = this.db.get(fileKey(project, testPath)) as TestFileRecord | undefined;
    this.testFileCache.set(key, record);
    return record;
  }

  /** Inside a transaction whose first record write has called `index.beforeWrite()`. */
  private putSource(source: string, record: SourceRecord): void {
    this.db.putSync(sourceKey(source), record);
    this.index.sourceWritten(source, record);
  }

  /** Inside a transaction whose first record write has called `index.beforeWrite()`. */
  private putTestFile(project: string, testPath: string, record: TestFileRecord): void {
    this.db.putSync(fileKey(project, testPath), record);
    this.testFileCache.set(`${project}\0${testPath}`, record);
    this.index.testFileWritten(project, testPath, record);
  }

  source(sourcePath: string): SourceRecord | undefined {
    return this.db.get(sourceKey(sourcePath)) as SourceRecord | undefined;
  }

  /** What planning reads of a test file (planningIndex.ts); `testFile()` has the whole record. */
  testFileHead(project: string, testPath: string): TestFileHead | undefined {
    return this.index.testFile(project, testPath);
  }

  /** The ids of a recorded test file's tests, in the record's order; undefined when it has no record. */
  testIds(project: string, testPath: string): string[] | undefined {
    return this.index.testIds(project, testPath);
  }

  /** Every recorded test file's head, in key order. */
  testFileHeads(): Array<{ project: string; testPath: string; head: TestFileHead }> {
    return this.index.testFiles();
  }

  /** Every test file record, in key order. */
  *testFiles(): Generator<{ project: string; testPath: string; record: TestFileRecord }> {
    for (const { key, value } of this.db.getRange({ start: ['file'], end: ['file', RANGE_END] })) {
      const [, project, testPath] = key as [string, string, string];
      this.testFileCache.set(`${project}\0${testPath}`, value as TestFileRecord);
      yield { project, testPath, record: value as TestFileRecord };
    }
  }

  /** Every source with a source record, with the size, mtime and staleness it was recorded with. */
  sourceStats(): Array<[source: string, stat: SourceStat]> {
    return this.index.sources();
  }

  dependency(file: string): DependencyRecord | undefined {
    return this.index.dependency(file);
  }

  /** Every dirty mark, by `${project}\0${testPath}`: one range read instead of a read per test file. */
  dirtyMarks(): Map<string, DirtyRecord> {
    const marks = new Map<string, DirtyRecord>();
    for (const { key, value } of this.db.getRange({ start: ['dirty'], end: ['dirty', RANGE_END] })) {
      const [, project, testPath] = key as [string, string, string];
      marks.set(`${project}\0${testPath}`, value as DirtyRecord);
    }
    return marks;
  }

  dirty(project: string, testPath: string): DirtyRecord | undefined {
    return this.db.get(dirtyKey(project, testPath)) as DirtyRecord | undefined;
  }

  /**
   * One transaction before a selected run: mark the tests it stands for dirty, and move the store to
   * the current versions of changed sources (entries remapped to new line numbers). An interrupted run
   * then loses no impact: the dirty tests run next time.
   */
  prepareRun(preparation: RunPreparation): void {
    this.db.transactionSync(() => {
      const { rebases, refreshedSources, testFileRebases = [], refreshedTestFiles = [], refreshedDependencies = [] } = preparation;
      if (rebases.length + refreshedSources.length + testFileRebases.length + refreshedTestFiles.length + refreshedDependencies.length > 0) this.index.beforeWrite();
      for (const { project, testPath, record } of preparation.dirty) {
        const previous = this.dirty(project, testPath);
        const all = record.all || Boolean(previous?.all);
        const tests = all ? [] : [...new Set([...(previous?.tests ?? []), ...record.tests])];
        this.db.putSync(dirtyKey(project, testPath), { all, tests });
      }
      for (const { source, record, lineMap, entryLineMap = lineMap, entriesStay } of preparation.rebases) {
        if (!entriesStay) this.lines.rebase(source, entryLineMap);
        this.putSource(source, record);
        if (this.coverage.shape(source)) {
          const dropped = this.coverage.rebaseSource(source, preparation.coverageShapes?.get(source), lineMap);
          for (const file of dropped) this.dropCoverage(file.project, file.testPath);
        }
      }
      for (const { source, size, mtimeMs } of preparation.refreshedSources) {
        const record = this.source(source);
        if (record) this.putSource(source, { ...record, size, mtimeMs });
      }
      for (const { project, testPath, hash, size, mtimeMs } of refreshedTestFiles) {
        const record = this.testFile(project, testPath);
        if (record?.hash === hash) this.putTestFile(project, testPath, { ...record, size, mtimeMs });
      }
      for (const { key, record } of refreshedDependencies) {
        this.db.putSync(dependencyKey(key), record);
        this.index.dependencyWritten(key, record);
      }
      for (const { project, testPath, fromHash, update } of testFileRebases) {
        const record = this.testFile(project, testPath);
        if (record?.hash !== fromHash) continue;
        const rebased: TestFileRecord = { ...record, ...update };
        if (!update.testSpans) delete rebased.testSpans;
        this.putTestFile(project, testPath, rebased);
      }
    });
  }

  /**
   * Replaces one test file's records in one transaction. Tests that did not run this time (filtered by
   * `-t`, or skipped) keep the lines they had recorded before.
   */
  writeTestFile(update: TestFileUpdate): void {
    const { project, testPath } = update;
    const ran: RanLines = { ...update, tests: update.record.tests };
    this.db.transactionSync(() => {
      this.index.beforeWrite();
      const previous = this.testFile(project, testPath);
      const previousEntries = this.lines.takeEntries(project, testPath, previous?.sources ?? []);
      const entries = lineEntriesOf(ran, keptLinesOf(ran, previous?.tests ?? [], previousEntries));
      for (const [source, entry] of entries) this.lines.put(source, project, testPath, entry);
      for (const [source, record] of update.sourceRecords) this.putSource(source, record);
      for (const [file, record] of update.dependencyRecords) {
        this.db.putSync(dependencyKey(file), record);
        this.index.dependencyWritten(file, record);
      }
      for (const source of previous?.coverage ?? []) this.coverage.removeCounters(source, project, testPath);
      for (const [source, { hash, shape, counters }] of update.coverage ?? []) {
        for (const file of this.coverage.replaceShape(source, { hash, shape })) {
          if (file.project !== project || file.testPath !== testPath) this.dropCoverage(file.project, file.testPath);
        }
        this.coverage.putCounters(source, project, testPath, counters);
      }
      const coverage = update.coverage ? { coverage: [...update.coverage.keys()].sort() } : {};
      this.putTestFile(project, testPath, { ...update.record, sources: [...entries.keys()].sort(), ...coverage });
      const dirty = this.dirty(project, testPath);
      if (dirty) {
        const remaining = remainingDirty(dirty, ran);
        if (remaining) this.db.putSync(dirtyKey(project, testPath), remaining);
        else this.db.removeSync(dirtyKey(project, testPath));
      }
    });
  }

  /**
   * A test file that errored (failed to load, crashed its worker) keeps its last good records and is
   * marked so that the next run runs it again (DESIGN.md §4 rule 2).
   */
  markErrored(project: string, testPath: string, error: string): void {
    this.db.transactionSync(() => {
      this.index.beforeWrite();
      const previous = this.testFile(project, testPath);
      const record: TestFileRecord = previous
        ? { ...previous, status: 'errored', error }
        : { status: 'errored', framework: 'circus', hash: '', size: -1, mtimeMs: -1, durationMs: 0, recordedAt: Date.now(), tests: [], sources: [], dependencies: [], error };
      this.putTestFile(project, testPath, record);
    });
  }

  /** Inside a transaction: a test file loses its recorded coverage (all its counters and its list). */
  private dropCoverage(project: string, testPath: string): void {
    const record = this.testFile(project, testPath);
    if (!record?.coverage) return;
    for (const source of record.coverage) this.coverage.removeCounters(source, project, testPath);
    const rest = { ...record };
    delete rest.coverage;
    this.putTestFile(project, testPath, rest);
  }

  /** Number of source records. */
  sourceCount(): number {
    return this.db.getKeysCount({ start: ['source'], end: ['source', RANGE_END] });
  }

  /** Writes the stat index back when this handle changed it, then closes. */
  close(): void {
    if (this.writable) this.index.save();
    this.db.close();
  }
}
