import type { FileRecording, RecordedTest, SourceShape, TestFileShape, TestStatus } from '../recording';
import type { ChildExecution } from './childCoverage';
import type { FileAccessKind } from './fsAccessHooks';
import type { InputSet, RuntimeInputs } from './runtimeInputs';
import { buildStatementIndex, type IstanbulFileCoverage, type StatementIndex } from './statementIndex';
import { TestIdRegistry, titlePath, type CircusDescribeBlock, type CircusTestEntry } from './testIds';

type CoverageRoot = Record<string, IstanbulFileCoverage>;
type LineSets = Map<string, Set<number>>;

/** The parts of jest-circus's state the recorder reads or sets. */
export interface CircusState {
  rootDescribeBlock?: CircusDescribeBlock;
  testNamePattern?: { test(testId: string): boolean } | null;
  hasFocusedTests?: boolean;
}

/**
 * Skipped by the user's own code (`test.skip`, `describe.skip`, a `test.only` elsewhere in the file):
 * it will not run until the code changes, so it must not keep the file dirty. A test skipped by a name
 * pattern (the runner's selection, the user's `-t`) could run and is not.
 */
function skippedInCode(test: CircusTestEntry, state: CircusState): boolean {
  if (test.mode === 'skip') return true;
  for (let block: CircusDescribeBlock | undefined = test.parent; block; block = block.parent) if (block.mode === 'skip') return true;
  return Boolean(state.hasFocusedTests) && test.mode !== 'only';
}

interface CounterSnapshot {
  coverage: IstanbulFileCoverage;
  index: StatementIndex;
  statements: Float64Array;
  functions: Float64Array;
}

/** Statement indexes outlive a test file: a worker reuses them for every file that loads the same source. */
const statementIndexCache = new Map<string, StatementIndex>();

function indexFor(coverage: IstanbulFileCoverage): StatementIndex {
  const key = `${coverage.path}\0${coverage.hash ?? Object.keys(coverage.statementMap).length}`;
  let index = statementIndexCache.get(key);
  if (!index) {
    index = buildStatementIndex(coverage);
    statementIndexCache.set(key, index);
  }
  return index;
}

function addLine(sets: LineSets, file: string, line: number): void {
  let lines = sets.get(file);
  if (!lines) sets.set(file, (lines = new Set()));
  lines.add(line);
}

function sortedRecord(sets: LineSets): Record<string, number[]> {
  const record: Record<string, number[]> = {};
  for (const [file, lines] of sets) record[file] = [...lines].sort((a, b) => a - b);
  return record;
}

interface TestState {
  lines: LineSets;
  status: TestStatus;
  durationMs: number;
  inputs: InputSet;
  /** NODE_V8_COVERAGE folders of the child processes this test started. */
  childDirs: string[];
}

function newTestState(): TestState {
  return { lines: new Map(), status: 'skipped', durationMs: 0, inputs: new Map(), childDirs: [] };
}

/** What the recorder needs to read at the end of a test file beyond the counters. */
export interface FileEnd {
  /** Every file the test file's runtime loaded as a module, outside instrumented sources. */
  loadedFiles: string[];
  snapshotFile: string | undefined;
  testFile?: TestFileShape;
  /** Files that are not inputs of the tests (the test file itself, the snapshot, loaded modules). */
  notInputs?: ReadonlySet<string>;
  /** Reads the coverage the children wrote into the given folders. */
  readChildren?: (dirs: string[]) => ChildExecution;
}

/**
 * Turns istanbul counter deltas between jest-circus events into the lines each test executed.
 * Counters are read in place on the environment's `__coverage__` (modules hold references to them).
 */
export class TestFileRecorder {
  private readonly snapshots = new Map<string, CounterSnapshot>();
  private readonly ids = new TestIdRegistry();
  private readonly tests = new Map<CircusTestEntry, TestState>();
  private readonly loadLines: LineSets = new Map();
  private readonly loadInputs: InputSet = new Map();
  private readonly loadChildDirs: string[] = [];
  private currentTest: TestState | undefined;
  private sawCircus = false;
  private sawConcurrentTest = false;

  /**
   * @param skippedTests at `test` granularity, the ids of the recorded tests not to run; they are
   *   skipped through circus's testNamePattern, so they report as pending and keep their snapshots.
   *   Every other test runs, including tests the store does not know.
   */
  constructor(
    private readonly environmentGlobal: { __coverage__?: CoverageRoot },
    private readonly skippedTests?: ReadonlySet<string>,
    private readonly runtimeInputs?: RuntimeInputs,
  ) {}

  /** A file the running test (or the load bucket, outside a test) used through `fs`. */
  onFileAccess(kind: FileAccessKind, file: string): void {
    this.runtimeInputs?.record(this.currentTest?.inputs ?? this.loadInputs, kind, file);
  }

  /** A child process started by the running test (or outside a test) writes its coverage to `dir`. */
  onChildStarted(dir: string): void {
    (this.currentTest?.childDirs ?? this.loadChildDirs).push(dir);
  }

  /** Every folder handed to a child of this test file. */
  childDirs(): string[] {
    return [...this.loadChildDirs, ...[...this.tests.values()].flatMap((test) => test.childDirs)];
  }

  /** Called for every jest-circus event, before the environment's own handler. */
  onCircusEvent(event: { name: string; test?: CircusTestEntry }, state: CircusState): void {
    switch (event.name) {
      case 'run_start':
        this.sawCircus = true;
        if (state.rootDescribeBlock) this.ids.registerTree(state.rootDescribeBlock);
        if (this.skippedTests) this.skipUnselectedTests(state);
        this.harvestInto(undefined);
        break;
      case 'test_start':
      case 'test_started':
        // Before Jest 29.6 there is no test_started: harvesting at test_start keeps hook and module
        // code out of the test's lines either way.
        this.harvestInto(undefined);
        if (event.test) this.currentTest = this.stateOf(event.test);
        break;
      case 'test_done':
        if (event.test) {
          const state = this.stateOf(event.test);
          this.harvestInto(state);
          state.status = event.test.errors.length > 0 ? 'failed' : 'passed';
          state.durationMs = Math.round(event.test.duration ?? 0);
          if (event.test.concurrent) this.sawConcurrentTest = true;
        }
        this.currentTest = undefined;
        break;
      case 'test_skip':
      case 'test_todo':
        if (event.test) {
          const skipped = event.name === 'test_todo' ? 'todo' : skippedInCode(event.test, state) ? 'disabled' : 'skipped';
          this.stateOf(event.test).status = skipped;
        }
        this.currentTest = undefined;
        break;
      case 'run_finish':
      case 'teardown':
        this.harvestInto(undefined);
        break;
      default:
        break;
    }
  }

  /**
   * Composes with the user's `-t`: a test runs when both match (jest-circus run.ts `_runTest`). Circus
   * matches full names, so a name shared by several tests runs all of them when one is selected.
   */
  private skipUnselectedTests(state: CircusState): void {
    const names = new Set<string>();
    for (const test of this.ids.allTests()) {
      if (!this.skippedTests!.has(this.ids.idOf(test))) names.add(titlePath(test).join(' '));
    }
    const userPattern = state.testNamePattern;
    state.testNamePattern = { test: (testId: string) => names.has(testId) && (!userPattern || userPattern.test(testId)) };
  }

  private stateOf(test: CircusTestEntry): TestState {
    let state = this.tests.get(test);
    if (!state) {
      this.ids.idOf(test);
      state = newTestState();
      this.tests.set(test, state);
    }
    return state;
  }

  /** Reads every counter that moved since the last harvest and charges it to `test` or the load bucket. */
  private harvestInto(test: TestState | undefined): void {
    const root = this.environmentGlobal.__coverage__;
    if (!root) return;
    for (const key of Object.keys(root)) {
      const coverage = root[key]!;
      let snapshot = this.snapshots.get(key);
      if (!snapshot || snapshot.coverage !== coverage) {
        const index = indexFor(coverage);
        snapshot = {
          coverage,
          index,
          statements: new Float64Array(index.statementFile.length),
          functions: new Float64Array(index.functionFile.length),
        };
        this.snapshots.set(key, snapshot);
      }
      const { index, statements, functions } = snapshot;
      const counts = coverage.s;
      for (let id = 0; id < statements.length; id++) {
        const count = counts[id] ?? 0;
        if (count === statements[id]) continue;
        statements[id] = count;
        const file = index.statementFile[id]!;
        if (file < 0) continue;
        const target = test && index.statementTopLevel[id] === 0 ? test.lines : this.loadLines;
        addLine(target, index.files[file]!, index.statementLine[id]!);
        if (index.statementBodyLine[id] !== 0) addLine(target, index.files[file]!, index.statementBodyLine[id]!);
      }
      const functionCounts = coverage.f;
      for (let id = 0; id < functions.length; id++) {
        const count = functionCounts[id] ?? 0;
        if (count === functions[id]) continue;
        functions[id] = count;
        const file = index.functionFile[id]!;
        if (file < 0) continue;
        addLine(test ? test.lines : this.loadLines, index.files[file]!, index.functionLine[id]!);
        if (index.functionBodyLine[id] !== 0) addLine(test ? test.lines : this.loadLines, index.files[file]!, index.functionBodyLine[id]!);
      }
    }
  }

  /** The recording of the whole file; call after the test framework has finished. */
  finish(end: FileEnd): FileRecording {
    this.harvestInto(undefined);
    const sources: Record<string, SourceShape> = {};
    for (const snapshot of this.snapshots.values()) {
      for (const [file, shape] of snapshot.index.shapes) sources[file] = shape;
    }
    const instrumented = new Set<string>([...Object.keys(sources), ...this.snapshots.keys()]);
    const loadedFiles = end.loadedFiles.filter((file) => !instrumented.has(file));
    const notInputs = new Set([...instrumented, ...loadedFiles, ...(end.notInputs ?? [])]);
    const childSources: Record<string, SourceShape> = {};
    const childLinesOf = (dirs: string[]): Record<string, number[]> | undefined => {
      if (dirs.length === 0 || !end.readChildren) return undefined;
      const execution = end.readChildren(dirs);
      for (const [file, shape] of execution.shapes) if (!sources[file]) childSources[file] = shape;
      return execution.lines.size > 0 ? Object.fromEntries(execution.lines) : undefined;
    };

    const tests: RecordedTest[] = [];
    for (const test of this.ids.allTests()) {
      const state = this.tests.get(test) ?? newTestState();
      if (this.sawConcurrentTest) {
        // Concurrent tests interleave: no event boundary separates their lines, so the whole file
        // depends on all of them (safe, less precise).
        for (const [file, lines] of state.lines) for (const line of lines) addLine(this.loadLines, file, line);
        state.lines.clear();
        for (const [file, kinds] of state.inputs) this.loadInputs.set(file, (this.loadInputs.get(file) ?? 0) | kinds);
        state.inputs.clear();
        this.loadChildDirs.push(...state.childDirs.splice(0));
      }
      const inputs = this.runtimeInputs?.inputsOf(state.inputs, notInputs) ?? [];
      const childLines = childLinesOf(state.childDirs);
      tests.push({
        id: this.ids.idOf(test),
        status: state.status,
        durationMs: state.durationMs,
        lines: sortedRecord(state.lines),
        ...(inputs.length > 0 ? { inputs } : {}),
        ...(childLines ? { childLines } : {}),
      });
    }
    const loadInputs = this.runtimeInputs?.inputsOf(this.loadInputs, notInputs) ?? [];
    const loadChildLines = childLinesOf(this.loadChildDirs);
    return {
      framework: this.sawCircus ? 'circus' : 'unrecorded',
      tests,
      loadLines: sortedRecord(this.loadLines),
      sources,
      loadedFiles,
      ...(end.snapshotFile ? { snapshotFile: end.snapshotFile } : {}),
      ...(end.testFile ? { testFile: end.testFile } : {}),
      ...(loadInputs.length > 0 ? { loadInputs } : {}),
      ...(loadChildLines ? { loadChildLines } : {}),
      ...(Object.keys(childSources).length > 0 ? { childSources } : {}),
    };
  }
}
