import { testFileVersionKey, type ChangeSet } from '../changes/detectChanges';
import type { Granularity } from '../config/optionTable';
import type { ImpactStore } from '../store/ImpactStore';
import type { TestFileHead } from '../store/planningIndex';
import type { TestFileRecord } from '../store/schema';
import { countEncodedIn } from '../store/lineEncoding';
import { impactOfChange } from './impactedLines';
import { describeInputChange } from '../changes/inputKeys';
import type { Reason } from './reasons';
import { impactOfTestFileChange } from './testFileImpact';

/** One test file of the run, as the store keys it. */
export interface CandidateFile {
  project: string;
  testPath: string;
}

export interface FileSelection {
  project: string;
  testPath: string;
  /** Run every test of the file; otherwise only `tests` (at test granularity). */
  all: boolean;
  tests: Set<string>;
  reasons: Reason[];
  /** Changed lines this file's selected tests executed: orders the run. */
  touchedLines: number;
  /** Failed or errored last time: runs first. */
  failedBefore: boolean;
  /** Recorded duration, for fastest-first. */
  durationMs: number;
}

export interface Selection {
  /** Keyed by `${project}\0${testPath}`. */
  files: Map<string, FileSelection>;
  changedLines: number;
  changedFiles: number;
}

export const fileKeyOf = (project: string, testPath: string) => `${project}\0${testPath}`;

/**
 * DESIGN.md §4 rules 2-9 over the store and a change set: which test files (and, at `test`
 * granularity, which tests) must run. Rule 1 (full runs) and rule 10 (dirty marking) are the caller's.
 */
export function selectTests(
  store: ImpactStore,
  changes: ChangeSet,
  candidates: CandidateFile[],
  options: { granularity: Granularity; alwaysRun: (testPath: string) => boolean },
): Selection {
  const selection: Selection = { files: new Map(), changedLines: 0, changedFiles: changes.sources.length };
  // The head (with the tests' ids) is what every candidate needs; the whole record (spans) only a changed test file.
  const headOf = (project: string, testPath: string): TestFileHead | undefined => store.testFileHead(project, testPath);
  const recordOf = (project: string, testPath: string): TestFileRecord | undefined => store.testFile(project, testPath);
  const idsOf = (project: string, testPath: string): string[] => store.testIds(project, testPath) ?? [];
  const select = (project: string, testPath: string, reason: Reason, tests?: Iterable<string>, touched = 0) => {
    const key = fileKeyOf(project, testPath);
    const head = headOf(project, testPath);
    let entry = selection.files.get(key);
    if (!entry) {
      entry = { project, testPath, all: false, tests: new Set(), reasons: [], touchedLines: 0, failedBefore: false, durationMs: head?.durationMs ?? 0 };
      selection.files.set(key, entry);
    }
    if (!tests || options.granularity === 'file') entry.all = true;
    else for (const id of tests) entry.tests.add(id);
    entry.reasons.push(reason);
    entry.touchedLines += touched;
    if (reason.rule === 'failed' || reason.rule === 'errored') entry.failedBefore = true;
  };

  for (const change of changes.sources) {
    if (change.kind !== 'modified') {
      for (const entry of store.lines.decodedOfSource(change.source)) {
        select(entry.project, entry.testPath, { rule: 'source-unreadable', source: change.source, detail: change.detail });
      }
      continue;
    }
    const impact = impactOfChange(change.record, change.changes, change.bodyOnlyLines);
    selection.changedLines += new Set(impact.changedLines).size;
    // The entries as stored: a core module's change reads hundreds, and counting in the gap-encoded
    // lines spares decoding every test's list.
    for (const { project, testPath, entry } of store.lines.ofSource(change.source)) {
      // Module-level code of a source that only child processes ran: the tests that started them.
      const childOnly = entry.child !== undefined && entry.load.length === 0;
      if ((impact.moduleLevel && !childOnly) || countEncodedIn(entry.load, impact.lines) > 0) {
        const rule = impact.moduleLevel ? 'module-code-changed' : 'lines-changed';
        select(project, testPath, { rule, source: change.source, lines: impact.changedLines });
        continue;
      }
      let ids: string[] | undefined;
      for (const row of entry.tests) {
        const testIndex = row[0]!;
        const touched = impact.moduleLevel ? row.length - 1 : countEncodedIn(row, impact.lines, 1);
        if (touched === 0) continue;
        ids ??= idsOf(project, testPath);
        const id = ids[testIndex];
        if (id === undefined) continue;
        const rule = impact.moduleLevel ? 'module-code-changed' : 'lines-changed';
        const child = entry.child?.includes(testIndex) ? { child: true } : {};
        select(project, testPath, { rule, source: change.source, lines: impact.changedLines, ...child }, [id], touched);
      }
    }
  }

  const dirtyMarks = store.dirtyMarks();
  for (const { project, testPath } of candidates) {
    const head = headOf(project, testPath);
    if (!head) {
      select(project, testPath, { rule: 'new-test-file' });
      continue;
    }
    if (options.alwaysRun(testPath)) select(project, testPath, { rule: 'always-run' });
    if (head.framework === 'unrecorded') select(project, testPath, { rule: 'unrecorded' });
    if (head.status === 'errored') select(project, testPath, { rule: 'errored', detail: head.error ?? 'unknown error' });
    if (changes.testFileHashes.get(testPath) !== head.hash) {
      const full = recordOf(project, testPath);
      const impact = full ? impactOfTestFileChange(full, changes.testFileChanges.get(testFileVersionKey(testPath, head.hash))) : ({ kind: 'all' } as const);
      if (impact.kind !== 'none') select(project, testPath, { rule: 'test-file-changed' }, impact.kind === 'tests' ? impact.ids : undefined);
    }
    for (const [key, value, ...testIndexes] of head.dependencies) {
      const current = changes.dependencyHashes.get(key);
      if (current === value) continue;
      // The tests that read it, or every test when it was read outside a test (or a test is unknown).
      const recorded = idsOf(project, testPath);
      const ids = testIndexes.map((index) => recorded[index]);
      const tests = testIndexes.length > 0 && ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
      select(project, testPath, { rule: 'dependency-changed', file: key, detail: describeInputChange(key, value, current) }, tests);
    }
    if (head.failed.length > 0) {
      const recorded = idsOf(project, testPath);
      const failed = head.failed.map((index) => recorded[index]).filter((id): id is string => id !== undefined);
      select(project, testPath, { rule: 'failed' }, failed.length === head.failed.length ? failed : undefined);
    }
    const dirty = dirtyMarks.get(fileKeyOf(project, testPath));
    if (dirty) select(project, testPath, { rule: 'dirty' }, dirty.all ? undefined : dirty.tests);
  }
  return selection;
}
