/**
 * The store's records (DESIGN.md §3). Paths are relative to Jest's rootDir with "/" separators, so a
 * store moved to another checkout path still reads. Line lists are gap-encoded (lineEncoding.ts).
 *
 * Keys (lmdb ordered-binary arrays):
 *   ['meta']                                   StoreMeta
 *   ['file', project, testPath]                TestFileRecord
 *   ['source', sourcePath]                     SourceRecord
 *   ['lines', sourcePath, project, testPath]   LineEntry: which tests of that test file executed which lines
 *   ['dep', path]                              DependencyRecord of a non-instrumented file
 *   ['dirty', project, testPath]               DirtyRecord: tests that must run again
 *   ['coverageShape', source], ['coverageCounters', source, project, testPath]: recorded coverage (coverageRecords.ts)
 * The 'lines' entries are the inverted index: selection reads only the changed sources' range.
 */
import type { RecordedTestSpan } from '../changes/testSpans';
import type { TestStatus } from '../recording';

export const SCHEMA_VERSION = 8;

export interface RunInfo {
  startedAt: number;
  finishedAt: number;
  mode: string;
  testFiles: number;
  tests: number;
  /** Time the parent spent in store transactions during the run. */
  storeWriteMs: number;
  /** Time the parent spent before handing tests to Jest: options, store, change detection, selection, dirty marks. */
  planMs?: number;
  /** Peak resident memory of the parent (Jest's main process) during the run, in kB. */
  parentMaxRssKb?: number;
}

export interface StoreMeta {
  schema: number;
  packageVersion: string;
  jestVersion: string;
  nodeMajor: number;
  /**
   * Per project key, a hash of the project's Jest config as far as it shapes the records. Per project,
   * so that a run of some projects (`--selectProjects`, a path pattern) leaves the others' hashes alone.
   */
  configHashes: Record<string, string>;
  /**
   * Hash of the global config keys that change test outcomes and that Jest 28 keeps out of the project
   * config (testTimeout, maxConcurrency, snapshotFormat); absent where it cannot be known (the sequencer).
   */
  globalConfigHash?: string;
  /** Content hashes of the files matching the fullRunOn globs, as of the last run. */
  fullRunOn?: Record<string, string>;
  lastRun?: RunInfo;
}

export type FileStatus = 'passed' | 'failed' | 'errored';

export interface StoredTest {
  id: string;
  status: TestStatus;
  durationMs: number;
}

export interface TestFileRecord {
  status: FileStatus;
  framework: 'circus' | 'unrecorded';
  /** Content hash, size and mtime of the test file when it was recorded. */
  hash: string;
  size: number;
  mtimeMs: number;
  durationMs: number;
  recordedAt: number;
  /** In declaration order; a LineEntry refers to a test by its index here. */
  tests: StoredTest[];
  /** Instrumented sources this file executed (the keys of its 'lines' entries). */
  sources: string[];
  /**
   * Non-instrumented dependencies (DESIGN.md §4 rule 8) by input key (changes/inputKeys.ts) with their
   * recorded value: files it loaded (JSON, mocks, setup files, snapshot) and files its code read, checked
   * or listed through `fs`. Test indexes name the tests that depend on it; none means every test.
   */
  dependencies: Array<[key: string, value: string, ...tests: number[]]>;
  /** sha1 of the significant token stream of the version that ran. */
  tokenHash?: string;
  /** Per-line significant-token hashes of the version that ran (one uint32 per line), to diff a changed test file. */
  lineHashes?: Buffer;
  /** Where each test sits in that version: [start, end, ...test indexes], or [start, end, -1] when not certain. */
  testSpans?: RecordedTestSpan[];
  /** Why the last run of this file errored (failed to load, failed in a hook, no tests). */
  error?: string;
  /**
   * Sources this file has recorded istanbul counters for (coverageRecords.ts), when its last run
   * reported coverage and ran it whole; absent: no usable coverage, the file runs when coverage is on.
   */
  coverage?: string[];
}

export interface SourceRecord {
  /** sha1 of the content the tests executed. */
  hash: string;
  size: number;
  mtimeMs: number;
  /** The file changed while the run was recording it: its lines may not match (treat as changed). */
  stale?: boolean;
  /** sha1 of the file's significant token stream (comments and whitespace left out). */
  tokenHash: string;
  /** One uint32 per line: hash of the line's significant tokens, 0 for a line without any. */
  lineHashes: Buffer;
  /** Number of significant tokens starting on each line. */
  lineTokenCounts: number[];
  /** Gap-encoded lines where a statement outside every function starts (module-level code). */
  moduleLines: number[];
  /** Gap-encoded lines where a statement starts. */
  statementLines: number[];
  /** Flat [start, end, start, end, ...] lines of every function. */
  functions: number[];
  /**
   * Flat [line, bodies, frameHash, ...] for module-level lines holding one-line function bodies whose
   * executions were recorded as body lines (lineEncoding.ts): the hash of the line's tokens with each
   * body left out (changes/bodyFrames.ts). A changed line whose frame is unchanged is a body change.
   */
  frames?: number[];
}

/** Size, mtime and hash of a non-instrumented dependency when it was last recorded. */
export interface DependencyRecord {
  hash: string;
  size: number;
  mtimeMs: number;
}

/**
 * Tests marked before a selected run starts, in the transaction that moves the store to the new file
 * versions (DESIGN.md §4 rule 10); a test is clean again only when it completes.
 */
export interface DirtyRecord {
  /** Every test of the file, or only these ids. */
  all: boolean;
  tests: string[];
}

export interface LineEntry {
  /** Gap-encoded lines of the test file's load bucket: every test of the file depends on them. */
  load: number[];
  /** One row per test that executed lines here: [testIndex, ...gap-encoded lines]. */
  tests: number[][];
  /** Tests (-1: the load bucket) whose lines here were executed by a child process they started. */
  child?: number[];
}

export const META_KEY = ['meta'];
export const fileKey = (project: string, testPath: string) => ['file', project, testPath];
export const sourceKey = (sourcePath: string) => ['source', sourcePath];
export const lineKey = (sourcePath: string, project: string, testPath: string) => ['lines', sourcePath, project, testPath];
export const dependencyKey = (file: string) => ['dep', file];
export const dirtyKey = (project: string, testPath: string) => ['dirty', project, testPath];
/** Upper bound for a key prefix range: every path sorts below it. */
export const RANGE_END = '\uffff';
