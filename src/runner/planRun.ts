import { detectChanges } from '../changes/detectChanges';
import type { KnownStats } from '../changes/knownStats';
import type { ImpactOptions } from '../config/optionTable';
import { globsToMatcher } from './globs';
import type { ImpactStore, OpenOutcome, RunPreparation } from '../store/ImpactStore';
import type { StoreMeta } from '../store/schema';
import { orderBySelection } from '../select/orderTests';
import { fileKeyOf, selectTests, type FileSelection, type Selection } from '../select/selectTests';
import { changedFullRunOnFile } from './fullRunOn';
import type { JestTest } from './jestTypes';
import { relativePath } from './projectKeys';
import { testFilterKey } from '../recording';

export interface RunPlan {
  /** Why every test runs (DESIGN.md §4 rule 1, or mode all/verify), or undefined for a selected run. */
  fullRunReason?: string;
  selection?: Selection;
  /** Test files to hand to Jest's runner, in run order. */
  toRun: JestTest[];
  /** How many of the candidate test files the selection chose. */
  selectedFiles: number;
  /** Test files reported as skipped (their recorded tests are read when they are reported). */
  skipped: Array<{ test: JestTest; project: string; testPath: string }>;
  /**
   * At test granularity: `${configId}\0${testPath}` -> ids of the recorded tests to skip. A skip list,
   * not a run list: a test the store does not know (new, or renamed in a changed file) always runs.
   */
  testFilters: Record<string, string[]>;
  preparation: RunPreparation;
  /** Files that changed only in comments or formatting since the last run (they select nothing). */
  formattingOnly: string[];
}

export interface PlanInput {
  store: ImpactStore;
  outcome: OpenOutcome;
  options: ImpactOptions;
  expectedMeta: Omit<StoreMeta, 'lastRun'>;
  tests: JestTest[];
  rootDir: string;
  projectOf: (test: JestTest) => string;
  /**
   * A reason of the caller's to run every candidate (for example --coverage, or a watch key). The
   * selection is still made, so that impacted files outside this run are marked dirty.
   */
  forceFullRun?: string;
  /**
   * The run reports coverage: impacted files run whole (their counters are recorded per file), and a
   * file the selection skips runs anyway when the store has no coverage of it.
   */
  coverage?: boolean;
  /** Sizes and mtimes Jest's haste map already took this run (jest/hasteStats.ts). */
  knownStats?: KnownStats;
}

const major = (version: string) => Number.parseInt(version, 10);

/** Projects of this run whose config hash differs from the one their records were made with. */
function projectsWithChangedConfig(previous: StoreMeta, expected: Omit<StoreMeta, 'lastRun'>): string[] {
  const recorded = previous.configHashes ?? {};
  return Object.entries(expected.configHashes)
    .filter(([project, hash]) => recorded[project] !== undefined && recorded[project] !== hash)
    .map(([project]) => project);
}

/**
 * The recorded test files a rule-1 full run stands for: those of the projects whose config changed, or
 * all of them. They are marked dirty, so that the files this run leaves out (a path pattern, other
 * projects or shards) run when they next can, although the meta no longer shows the change.
 */
function recordsOfAFullRun(store: ImpactStore, previous: StoreMeta, expected: Omit<StoreMeta, 'lastRun'>): Array<{ project: string; testPath: string }> {
  const changedProjects = projectsWithChangedConfig(previous, expected);
  const inScope = (project: string) => changedProjects.length === 0 || changedProjects.includes(project);
  return [...store.testFiles()].filter(({ project }) => inScope(project)).map(({ project, testPath }) => ({ project, testPath }));
}

/** Rule 1: a full run when there is no usable store, or the ground the records stand on moved. */
export function fullRunReason(outcome: OpenOutcome, expected: Omit<StoreMeta, 'lastRun'>): string | undefined {
  if (outcome.kind === 'created') return 'first run: no store yet';
  if (outcome.kind === 'rebuilt') return 'the store was rebuilt';
  const previous = outcome.previous;
  if (major(previous.jestVersion) !== major(expected.jestVersion)) return `Jest changed from ${previous.jestVersion} to ${expected.jestVersion}`;
  if (previous.nodeMajor !== expected.nodeMajor) return `Node changed from ${previous.nodeMajor} to ${expected.nodeMajor}`;
  if (previous.packageVersion !== expected.packageVersion) return `jest-runner-impact changed from ${previous.packageVersion} to ${expected.packageVersion}`;
  const projects = projectsWithChangedConfig(previous, expected);
  if (projects.length > 0) {
    return projects.length === 1 && projects[0] === '.' ? 'the Jest config changed' : `the Jest config of ${projects.map((project) => `"${project}"`).join(', ')} changed`;
  }
  if (expected.globalConfigHash !== undefined && previous.globalConfigHash !== undefined && previous.globalConfigHash !== expected.globalConfigHash) {
    return 'the Jest config changed';
  }
  const file = changedFullRunOnFile(previous.fullRunOn, expected.fullRunOn ?? {});
  if (file) return `${file} changed (fullRunOn)`;
  return undefined;
}

/** Coverage on: a file the selection skips, but whose coverage the store does not have, runs (not marked dirty). */
function addFilesWithoutCoverage(store: ImpactStore, candidates: Array<{ project: string; testPath: string }>, selection: Selection): void {
  for (const { project, testPath } of candidates) {
    const key = fileKeyOf(project, testPath);
    if (selection.files.has(key)) continue;
    const record = store.testFile(project, testPath);
    if (record?.coverage?.every((source) => store.coverage.hasShape(source))) continue;
    selection.files.set(key, {
      project,
      testPath,
      all: true,
      tests: new Set(),
      reasons: [{ rule: 'no-recorded-coverage' }],
      touchedLines: 0,
      failedBefore: false,
      durationMs: record?.durationMs ?? 0,
    });
  }
}

/**
 * Decides what this run executes and what the store must know before it starts: change detection,
 * selection, order, skipped files, test filters, dirty marks and rebased sources.
 */
export function planRun(input: PlanInput): RunPlan {
  const { store, outcome, options, tests, rootDir, projectOf } = input;
  const changes = outcome.kind === 'opened' ? detectChanges(store, rootDir, input.knownStats) : undefined;
  const preparation: RunPreparation = {
    dirty: [],
    rebases: changes?.rebases ?? [],
    refreshedSources: changes?.refreshedSources ?? [],
    refreshedTestFiles: changes?.refreshedTestFiles ?? [],
    refreshedDependencies: changes?.refreshedDependencies ?? [],
    testFileRebases: changes?.testFileRebases ?? [],
  };
  const candidates = tests.map((test) => ({ test, project: projectOf(test), testPath: relativePath(rootDir, test.path) }));
  const changedSources = new Set(changes?.sources.map((change) => change.source));
  const formattingOnly = [
    ...(changes?.rebases ?? []).map((rebase) => rebase.source).filter((source) => !changedSources.has(source)),
    ...new Set((changes?.testFileRebases ?? []).map((rebase) => rebase.testPath)),
  ].sort();
  const plan: RunPlan = { toRun: tests, selectedFiles: tests.length, skipped: [], testFilters: {}, preparation, formattingOnly };

  const reason = fullRunReason(outcome, input.expectedMeta);
  if (reason || !changes) {
    plan.fullRunReason = reason ?? input.forceFullRun ?? 'no usable store';
    const dirty = new Map(candidates.map(({ project, testPath }) => [fileKeyOf(project, testPath), { project, testPath }]));
    if (reason && outcome.kind === 'opened') {
      for (const file of recordsOfAFullRun(store, outcome.previous, input.expectedMeta)) dirty.set(fileKeyOf(file.project, file.testPath), file);
    }
    for (const { project, testPath } of dirty.values()) preparation.dirty.push({ project, testPath, record: { all: true, tests: [] } });
    return plan;
  }

  const alwaysRun = globsToMatcher(options.alwaysRun);
  const granularity = input.coverage ? 'file' : options.granularity;
  const selection = selectTests(store, changes, candidates, { granularity, alwaysRun });
  plan.selection = selection;
  const selectionOf = (candidate: { project: string; testPath: string }): FileSelection | undefined =>
    selection.files.get(fileKeyOf(candidate.project, candidate.testPath));
  plan.selectedFiles = candidates.filter((candidate) => selectionOf(candidate)).length;
  // Every impacted test file is marked, also those this run does not include (a path pattern, another
  // shard): the rebase below moves the store past the change, and the marks are what keeps its impact.
  for (const selected of selection.files.values()) {
    preparation.dirty.push({ project: selected.project, testPath: selected.testPath, record: { all: selected.all, tests: [...selected.tests] } });
  }

  if (input.coverage) {
    addFilesWithoutCoverage(store, candidates, selection);
    plan.selectedFiles = candidates.filter((candidate) => selectionOf(candidate)).length;
  }
  const runAllBecause = input.forceFullRun ?? (options.mode === 'all' || options.mode === 'verify' ? `mode: ${options.mode}` : undefined);
  if (runAllBecause) {
    plan.fullRunReason = runAllBecause;
    return plan;
  }
  const ordered = orderBySelection(candidates, selectionOf);
  if (options.mode === 'first') {
    plan.toRun = ordered.map(({ test }) => test);
    return plan;
  }
  plan.toRun = ordered.filter((candidate) => selectionOf(candidate)).map(({ test }) => test);
  for (const candidate of candidates) {
    const selected = selectionOf(candidate);
    if (!selected) {
      plan.skipped.push({ test: candidate.test, project: candidate.project, testPath: candidate.testPath });
    } else if (!selected.all) {
      const recorded = store.testIds(candidate.project, candidate.testPath) ?? [];
      const skip = recorded.filter((id) => !selected.tests.has(id));
      if (skip.length > 0) plan.testFilters[testFilterKey(candidate.test.context.config.id, candidate.test.path)] = skip;
    }
  }
  return plan;
}
