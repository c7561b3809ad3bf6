import { performance } from 'node:perf_hooks';
import { lineHashBuffer } from '../changes/fingerprint';
import { recordedTestSpans } from '../changes/testSpans';
import type { FileRecording, TestFileShape } from '../recording';
import type { ImpactStore } from '../store/ImpactStore';
import type { TestFileRecord } from '../store/schema';
import type { FileFacts, FileStat } from './fileFacts';
import { dependencyEntries, plannedDependencies } from './recordedInputs';
import { TITLE_SEPARATOR } from '../worker/testIds';
import type { JestTest, JestTestResult } from './jestTypes';
import { relativePath } from './projectKeys';
import { sourceCoverageOf, type CoverageMapData } from './recordedCoverage';

function relativeLines(rootDir: string, ...records: Array<Record<string, number[]> | undefined>): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const lines of records) {
    for (const [file, fileLines] of Object.entries(lines ?? {})) {
      const relative = relativePath(rootDir, file);
      const known = map.get(relative);
      map.set(relative, known ? [...new Set([...known, ...fileLines])].sort((a, b) => a - b) : fileLines);
    }
  }
  return map;
}

/** Source -> indexes of the tests (-1: the load bucket) whose lines there were executed by child processes. */
function childExecutedSources(rootDir: string, recording: FileRecording): Map<string, number[]> {
  const sources = new Map<string, number[]>();
  const mark = (lines: Record<string, number[]> | undefined, index: number) => {
    for (const file of Object.keys(lines ?? {})) {
      const relative = relativePath(rootDir, file);
      sources.set(relative, [...(sources.get(relative) ?? []), index]);
    }
  };
  mark(recording.loadChildLines, -1);
  recording.tests.forEach((test, index) => mark(test.childLines, index));
  return sources;
}

/**
 * Per-test dependencies of the tests that did not run this time (test granularity, `-t`), as recorded
 * before: like their lines, they keep what they depended on until they run again.
 */
function keptDependencies(previous: TestFileRecord | undefined, ids: string[], ran: boolean[]): Array<[string, string, ...number[]]> {
  if (!previous) return [];
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const kept: Array<[string, string, ...number[]]> = [];
  for (const [key, value, ...tests] of previous.dependencies) {
    const indexes = tests.map((test) => indexOf.get(previous.tests[test]?.id ?? '')).filter((index): index is number => index !== undefined && !ran[index]);
    if (indexes.length > 0) kept.push([key, value, ...indexes]);
  }
  return kept;
}

/** Why a test file's result does not count as a good recording (DESIGN.md §4 rule 2), or undefined. */
export function erroredReason(result: JestTestResult): string | undefined {
  if (result.testExecError) return result.testExecError.message.split('\n')[0] ?? 'the test file failed to run';
  if (result.testResults.length === 0) return 'the test file collected no test';
  if (result.failureMessage && result.numFailingTests === 0) return 'a hook failed outside any test';
  return undefined;
}

/**
 * The version of the test file the tests ran against, as the worker read it: its line hashes and test
 * spans. When the file changed since (the parent's hash differs), its size is recorded as unknown so
 * that the next run hashes it again and sees the change.
 */
function testFileVersion(shape: TestFileShape | undefined, stat: FileStat, ids: string[], recorded: TestFileRecord | undefined): Partial<TestFileRecord> {
  if (!shape) return {};
  if (shape.unchanged) {
    // The version the store has the shape of: keep it.
    return {
      hash: shape.hash,
      ...(shape.hash === stat.hash ? {} : { size: -1 }),
      ...(recorded?.tokenHash ? { tokenHash: recorded.tokenHash } : {}),
      ...(recorded?.lineHashes ? { lineHashes: recorded.lineHashes } : {}),
      ...(recorded?.testSpans ? { testSpans: recorded.testSpans } : {}),
    };
  }
  return {
    hash: shape.hash,
    ...(shape.hash === stat.hash ? {} : { size: -1 }),
    tokenHash: shape.tokenHash,
    lineHashes: lineHashBuffer(shape.lineHashes),
    ...(shape.spans ? { testSpans: recordedTestSpans(shape.spans, ids, TITLE_SEPARATOR) } : {}),
  };
}

/** Counts for the summary line. */
export interface RecordingTotals {
  testFiles: number;
  tests: number;
  erroredFiles: number;
  writeMs: number;
  /** Skipped test files whose recorded coverage went into this run's coverage report. */
  coverageOfSkipped: number;
  /** Projects whose test framework sends no circus events: project -> framework name and file count. */
  unrecordedProjects: Map<string, { testRunner: string; testFiles: number }>;
}

/** "jest-jasmine2" from ".../node_modules/jest-jasmine2/build/index.js"; else the path itself. */
export function testRunnerName(modulePath: string): string {
  const match = /^.*node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(modulePath);
  return match?.[1] ?? modulePath;
}

/** Turns each test file's recording into store records; the parent is the store's only writer. */
export class RunRecorder {
  readonly totals: RecordingTotals = { testFiles: 0, tests: 0, erroredFiles: 0, writeMs: 0, coverageOfSkipped: 0, unrecordedProjects: new Map() };
  private readonly sourcesWritten = new Set<string>();

  constructor(
    private readonly store: ImpactStore,
    private readonly rootDir: string,
    private readonly facts: FileFacts,
    private readonly projectOf: (test: JestTest) => string,
    /** Folders whose files are never inputs of tests: the store. */
    private readonly ignoredDirs: readonly string[] = [],
  ) {}

  /** `coverage`: the file's whole istanbul coverage, when the run reports coverage and ran the file whole. */
  async recordSuccess(test: JestTest, result: JestTestResult, recording: FileRecording | undefined, coverage?: CoverageMapData): Promise<void> {
    const project = this.projectOf(test);
    const testPath = relativePath(this.rootDir, test.path);
    const error = erroredReason(result) ?? (recording ? undefined : 'the worker returned no recording');
    if (error) {
      this.totals.erroredFiles++;
      this.timed(() => this.store.markErrored(project, testPath, error));
      return;
    }
    const testFileStat = await this.facts.statOf(test.path);
    const { tests, loadLines, sources, framework, testFile } = recording!;
    if (framework === 'unrecorded') {
      const entry = this.totals.unrecordedProjects.get(project) ?? { testRunner: testRunnerName(test.context.config.testRunner), testFiles: 0 };
      entry.testFiles++;
      this.totals.unrecordedProjects.set(project, entry);
    }

    const planned = plannedDependencies(this.rootDir, recording!, [...this.ignoredDirs, test.context.config.cacheDirectory].filter((dir): dir is string => Boolean(dir)));
    const dependencyRecords = new Map(
      await Promise.all([...planned.values()].map(async ({ key, kind, file }) => [key, await this.facts.inputStateOf(kind, file)] as const)),
    );
    const ran = tests.map((recorded) => recorded.status === 'passed' || recorded.status === 'failed');
    const dependencies = [
      ...dependencyEntries(planned, new Map([...dependencyRecords].map(([key, stat]) => [key, stat.hash]))),
      ...keptDependencies(this.store.testFile(project, testPath), tests.map((recorded) => recorded.id), ran),
    ];
    const allSources = { ...recording!.childSources, ...sources };
    const sourceRecords = new Map(
      await Promise.all(
        Object.entries(allSources)
          .filter(([file]) => !this.sourcesWritten.has(file))
          .map(async ([file, shape]) => [relativePath(this.rootDir, file), await this.facts.sourceRecordOf(file, shape, this.store.source(relativePath(this.rootDir, file)))] as const),
      ),
    );
    for (const file of Object.keys(allSources)) this.sourcesWritten.add(file);

    const record: Omit<TestFileRecord, 'sources'> = {
      status: result.numFailingTests > 0 ? 'failed' : 'passed',
      framework,
      ...testFileStat,
      ...testFileVersion(testFile, testFileStat, tests.map((test) => test.id), testFile?.unchanged ? this.store.testFile(project, testPath) : undefined),
      durationMs: Math.round((result.perfStats?.runtime ?? 0) as number),
      recordedAt: Date.now(),
      tests: tests.map(({ id, status, durationMs }) => ({ id, status, durationMs })),
      dependencies,
    };
    const testLines = tests.map((recorded, index) => (ran[index] ? relativeLines(this.rootDir, recorded.lines, recorded.childLines) : undefined));
    this.timed(() =>
      this.store.writeTestFile({
        project,
        testPath,
        record,
        testLines,
        loadLines: relativeLines(this.rootDir, loadLines, recording!.loadChildLines),
        childExecuted: childExecutedSources(this.rootDir, recording!),
        sourceRecords,
        dependencyRecords,
        ...(coverage && framework !== 'unrecorded' ? { coverage: sourceCoverageOf(this.rootDir, coverage) } : {}),
      }),
    );
    if (framework === 'unrecorded') return;
    this.totals.testFiles++;
    this.totals.tests += tests.filter((t) => t.status === 'passed' || t.status === 'failed').length;
  }

  async recordFailure(test: JestTest, error: unknown): Promise<void> {
    const message = (error as { message?: string } | undefined)?.message?.split('\n')[0] ?? String(error);
    this.totals.erroredFiles++;
    this.timed(() => this.store.markErrored(this.projectOf(test), relativePath(this.rootDir, test.path), message));
  }

  private timed(write: () => void): void {
    const start = performance.now();
    write();
    this.totals.writeMs += performance.now() - start;
  }
}
