/**
 * What a worker hands back to the parent for one test file, attached to Jest's TestResult under
 * RECORDING_RESULT_KEY (and removed again before Jest's reporters see the result). Paths are absolute;
 * the parent makes them relative to Jest's rootDir before storing them.
 */
export const RECORDING_RESULT_KEY = 'jestRunnerImpactRecording';

/** The key under which the parent passes settings to the worker inside the project config. */
export const WORKER_SETTINGS_KEY = 'jestRunnerImpact';

export interface WorkerSettings {
  /** The project's own testRunner (jest-circus or jest-jasmine2), which the recording wrapper calls. */
  testRunner: string;
  /** Keep istanbul's counters in the result: the user asked for --coverage themselves. */
  keepCoverage: boolean;
}

export type TestStatus = 'passed' | 'failed' | 'skipped' | 'todo';

export interface RecordedTest {
  /** Stable id: describe chain and name joined by " › ", with " #n" for the nth repeat of a name. */
  id: string;
  status: TestStatus;
  durationMs: number;
  /** Original source file -> sorted lines this test executed (outside module-level code). */
  lines: Record<string, number[]>;
}

/** The shape of an instrumented source file, in original lines. */
export interface SourceShape {
  /** Sorted, unique lines on which a statement starts. */
  statementLines: number[];
  /** [startLine, endLine] of every function, in source order. */
  functions: Array<[number, number]>;
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
}
