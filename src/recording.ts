import type { StaticTestSpan } from './changes/testSpans';

/**
 * What a worker hands back to the parent for one test file, attached to Jest's TestResult under
 * RECORDING_RESULT_KEY (and removed again before Jest's reporters see the result). Paths are absolute;
 * the parent makes them relative to Jest's rootDir before storing them.
 */
export const RECORDING_RESULT_KEY = 'jestRunnerImpactRecording';

/**
 * Key of Jest's globalConfig naming a JSON file (a WorkerPlan) the parent writes for this run. The
 * globalConfig, not the project config: the project config must stay the same from run to run, because
 * Jest hashes it into transform cache keys. Not the environment either: a watch session's workers live
 * across runs, and the environment is theirs from the start.
 */
export const WORKER_PLAN_KEY = 'jestRunnerImpactPlanFile';

/** Keys of a WorkerPlan's maps. */
export const testFilterKey = (configId: string, testPath: string) => `${configId}\0${testPath}`;

/** What the workers of one run need to know beyond Jest's config. */
export interface WorkerPlan {
  /** Recorded test ids to skip per test file (test granularity; tests the store does not know always run). */
  skip: Record<string, string[]>;
  /**
   * Content hash of each test file's record, when the record has its shape (line hashes and test
   * spans): a worker that finds the file unchanged does not parse it again.
   */
  recordedHashes: Record<string, string>;
}

/** The key under which the parent passes settings to the worker inside the project config. */
export const WORKER_SETTINGS_KEY = 'jestRunnerImpact';

export interface WorkerSettings {
  /** The project's own testRunner (jest-circus or jest-jasmine2), which the recording wrapper calls. */
  testRunner: string;
  /** Keep istanbul's counters in the result: the user asked for --coverage themselves. */
  keepCoverage: boolean;
}

/**
 * The version of a test file the worker ran, for rule 3 at `test` granularity; only its hash when it is
 * the version the store recorded (`unchanged`), whose shape the parent keeps.
 */
export type TestFileShape =
  | {
      /** sha1 of the content. */
      hash: string;
      unchanged?: false;
      /** sha1 of the significant token stream. */
      tokenHash: string;
      /** Per-line significant-token hashes (0 for a line without any), as numbers. */
      lineHashes: number[];
      /** Where each test sits; absent when the file does not parse. */
      spans?: StaticTestSpan[];
    }
  | { hash: string; unchanged: true };

/**
 * `skipped`: not run because of a name pattern (the runner's selection, the user's `-t`), so it still
 * owes a run; `disabled`: skipped by the test code itself (`test.skip`, `describe.skip`, a `test.only`
 * elsewhere); `todo`: `test.todo`.
 */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'disabled' | 'todo';

/** Bits of a RuntimeInput: how a file was used through `fs`. */
export const INPUT_CONTENT = 1;
export const INPUT_EXISTS = 2;
export const INPUT_LISTING = 4;

/**
 * A file the test file's code used through `fs` at run time (DESIGN.md §4 rule 8): its absolute path and
 * how, as INPUT_* bits: its content read, its existence checked, or (a folder) its entries listed.
 */
export type RuntimeInput = [path: string, kinds: number];

export interface RecordedTest {
  /** Stable id: describe chain and name joined by " › ", with " #n" for the nth repeat of a name. */
  id: string;
  status: TestStatus;
  durationMs: number;
  /** Original source file -> sorted lines this test executed (outside module-level code). */
  lines: Record<string, number[]>;
  /** Files this test read, checked or listed while it ran. */
  inputs?: RuntimeInput[];
  /** Source file -> sorted lines that Node.js child processes started by this test executed. */
  childLines?: Record<string, number[]>;
}

/** The shape of an instrumented source file, in original lines. */
export interface SourceShape {
  /** Sorted, unique lines on which a statement starts. */
  statementLines: number[];
  /** [startLine, endLine] of every function, in source order. */
  functions: Array<[number, number]>;
  /** Sorted, unique lines on which a statement outside every function starts. */
  moduleLines: number[];
  /**
   * Flat [line, count, ...]: module-level lines holding one-line functions whose executions were also
   * recorded as body lines (lineEncoding.ts), with how many outermost such functions each holds.
   */
  oneLineBodies?: number[];
}

export interface FileRecording {
  /** 'circus' when per-test events were seen; 'unrecorded' for jest-jasmine2 and other frameworks. */
  framework: 'circus' | 'unrecorded';
  tests: RecordedTest[];
  /** The file's load bucket: lines run outside any test (module load, beforeAll, afterAll, module-level code). */
  loadLines: Record<string, number[]>;
  /** Shapes of the instrumented original sources this file loaded. */
  sources: Record<string, SourceShape>;
  /** Every file the test file's runtime read that is not an instrumented source (JSON, mocks, setup files, ...). */
  loadedFiles: string[];
  /** The snapshot file of the test file, when Jest resolved one. */
  snapshotFile?: string;
  /** The test file as the worker read it after running it. */
  testFile?: TestFileShape;
  /** Files read, checked or listed outside any test (module load, beforeAll, afterAll): every test depends on them. */
  loadInputs?: RuntimeInput[];
  /** Lines executed by child processes started outside any test. */
  loadChildLines?: Record<string, number[]>;
  /** Shapes of sources that only child processes executed (not instrumented in the worker). */
  childSources?: Record<string, SourceShape>;
}
