/**
 * What `jest-impact report` and the live view show, read from the store in one pass: an index (every
 * source, test file and test, the last run, what the next run would select) and, loaded on demand, one
 * data document per source (its code and, per line, the tests that execute it) and per test file (each
 * test's lines by source). Lines are in the numbering of the file on disk now: recorded lines follow
 * the same line map a run would move them by, and lines changed since the recorded run are marked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectChanges, type ChangeSet } from '../changes/detectChanges';
import { lineHashList } from '../changes/fingerprint';
import type { ImpactOptions } from '../config/optionTable';
import { answerAffected } from '../cli/affected';
import { decodeLines, isBodyLine } from '../store/lineEncoding';
import type { ImpactStore } from '../store/ImpactStore';
import { highlightLines } from './highlight';
import { dependenciesOf, type ReportDependency } from './reportDependencies';
import { LineTable, type SourceLineRow } from './lineTable';

export type TestRow = [file: number, id: string, status: string, durationMs: number];

export interface ReportTestFile {
  project: string;
  path: string;
  status: string;
  durationMs: number;
  /** Index of its first test in `tests`, and how many it has. */
  first: number;
  count: number;
  error?: string;
}

export interface ReportSource {
  path: string;
  /** Lines some test executes, and tests that reach the file (executed a line of it, or loaded it). */
  executed: number;
  tests: number;
  /** Lines changed since the recorded run; what the change is when the file cannot be diffed. */
  changed: number;
  state?: string;
}

export interface ReportIndex {
  title: string;
  generatedAt: number;
  granularity: string;
  lastRun?: Record<string, unknown>;
  testFiles: ReportTestFile[];
  tests: TestRow[];
  sources: ReportSource[];
  dependencies: ReportDependency[];
  /** What the next run would select (`jest-impact affected --explain`). */
  next: { fullRunReason: string | null; changedLines: number; changedFiles: number; files: Array<{ file: number; tests: number[]; reasons: string[] }> };
}

export interface SourceDocument {
  path: string;
  /** The file on disk now, one highlighted HTML string per line; null when it cannot be read. */
  code: string[] | null;
  note?: string;
  /** Distinct test sets (indexes into the index's tests) and test file sets (their load buckets). */
  testGroups: number[][];
  loadGroups: number[][];
  lines: SourceLineRow[];
  /** Lines of the file now whose code changed since the recorded run. */
  changedLines: number[];
  /** Recorded lines the change replaced or removed, and the tests the change selects (with why). */
  recordedChangedLines: number[];
  selected: Array<{ test: number; reasons: string[] }>;
}

export interface TestFileDocument {
  file: number;
  /** Per test of the file: [source index, lines] pairs. */
  tests: Array<Array<[number, number[]]>>;
  /** The load bucket: lines every test of the file depends on. */
  load: Array<[number, number[]]>;
}

export interface ReportModel {
  index: ReportIndex;
  sources: SourceDocument[];
  testFiles: TestFileDocument[];
}

const fileKey = (project: string, testPath: string) => `${project}\0${testPath}`;

/**
 * Recorded line -> line on disk now, for each source that moved: unchanged lines, and changed lines
 * replaced one for one (shown with the tests of the code they replace, and marked changed).
 */
function lineMapsOf(changes: ChangeSet): Map<string, Map<number, number>> {
  const maps = new Map(changes.rebases.map((rebase) => [rebase.source, new Map(rebase.lineMap)]));
  for (const change of changes.sources) {
    if (change.kind !== 'modified') continue;
    const map = maps.get(change.source);
    if (map) for (const [from, to] of change.changes.replacedBy) map.set(from, to);
  }
  return maps;
}

export function buildReportModel(store: ImpactStore, rootDir: string, options: ImpactOptions, packageVersion: string): ReportModel {
  const changes = detectChanges(store, rootDir);
  const lineMaps = lineMapsOf(changes);
  const testFiles: ReportTestFile[] = [];
  const tests: TestRow[] = [];
  const fileIndex = new Map<string, number>();
  for (const { project, testPath, record } of store.testFiles()) {
    fileIndex.set(fileKey(project, testPath), testFiles.length);
    testFiles.push({ project, path: testPath, status: record.status, durationMs: record.durationMs, first: tests.length, count: record.tests.length, ...(record.error ? { error: record.error } : {}) });
    for (const test of record.tests) tests.push([testFiles.length - 1, test.id, test.status, test.durationMs]);
  }

  const sourceIndex = new Map<string, number>();
  const tables: LineTable[] = [];
  const testFileDocs: TestFileDocument[] = testFiles.map((file, index) => ({ file: index, tests: Array.from({ length: file.count }, () => []), load: [] }));
  for (const { source, project, testPath, entry } of store.lines.all()) {
    const file = fileIndex.get(fileKey(project, testPath));
    if (file === undefined) continue;
    let index = sourceIndex.get(source);
    if (index === undefined) {
      index = tables.length;
      sourceIndex.set(source, index);
      tables.push(new LineTable(lineMaps.get(source)));
    }
    const table = tables[index]!;
    const { first, count } = testFiles[file]!;
    const load = table.addLoad(file, count, decodeLines(entry.load).filter((line) => !isBodyLine(line)));
    if (load.length > 0) testFileDocs[file]!.load.push([index, load]);
    for (const [testIndex, ...gaps] of entry.tests) {
      if (testIndex === undefined || testIndex >= count) continue;
      const lines = table.addTest(first + testIndex, decodeLines(gaps).filter((line) => !isBodyLine(line)));
      if (lines.length > 0) testFileDocs[file]!.tests[testIndex]!.push([index, lines]);
    }
  }

  const affected = answerAffected(store, rootDir, options, packageVersion, changes);
  const testIndexOf = (file: number, id: string) => {
    const { first, count } = testFiles[file]!;
    for (let i = first; i < first + count; i++) if (tests[i]![1] === id) return i;
    return -1;
  };
  const next: ReportIndex['next'] = { fullRunReason: affected.fullRunReason, changedLines: affected.changedLines, changedFiles: affected.changedFiles, files: [] };
  for (const selected of affected.files) {
    const file = fileIndex.get(fileKey(selected.project, selected.testPath));
    if (file === undefined) continue;
    next.files.push({ file, tests: selected.tests.map((id) => testIndexOf(file, id)).filter((i) => i >= 0), reasons: selected.reasons });
  }

  const sources: ReportSource[] = [];
  const sourceDocs: SourceDocument[] = [];
  for (const [source, index] of sourceIndex) {
    const change = changes.sources.find((candidate) => candidate.source === source);
    const rebase = changes.rebases.find((candidate) => candidate.source === source);
    const code = readCode(path.join(rootDir, source));
    const changedLines = rebase ? linesWithNewCode(rebase.record.lineHashes, rebase.lineMap) : [];
    const selected = next.files.flatMap((entry) =>
      entry.reasons.some((reason) => reason.startsWith(`${source}:`) || reason.startsWith(`${source} `))
        ? entry.tests.map((test) => ({ test, reasons: entry.reasons.filter((reason) => reason.startsWith(source)) }))
        : [],
    );
    const table = tables[index]!;
    const doc: SourceDocument = {
      path: source,
      code,
      ...(change && change.kind !== 'modified' ? { note: `${source} ${change.detail}` } : code === null ? { note: `${source} cannot be read now` } : {}),
      ...table.groups(tests, testFiles),
      changedLines,
      recordedChangedLines: change?.kind === 'modified' ? change.changes.changedLines : [],
      selected,
    };
    sourceDocs[index] = doc;
    sources[index] = {
      path: source,
      executed: doc.lines.length,
      tests: table.reach(tests, testFiles),
      changed: change ? Math.max(changedLines.length, doc.recordedChangedLines.length, 1) : 0,
      ...(change && change.kind !== 'modified' ? { state: change.kind } : {}),
    };
  }

  const meta = store.meta();
  const runSelection = store.runSelection();
  const index: ReportIndex = {
    title: titleOf(rootDir),
    generatedAt: Date.now(),
    granularity: options.granularity,
    ...(meta.lastRun ? { lastRun: { ...meta.lastRun, ...(runSelection ? { selection: runSelection } : {}) } } : {}),
    testFiles,
    tests,
    sources,
    dependencies: dependenciesOf(store, (project, testPath) => fileIndex.get(fileKey(project, testPath)), testFiles),
    next,
  };
  return { index, sources: sourceDocs, testFiles: testFileDocs };
}

/** The project's package name, or its folder's name. */
function titleOf(rootDir: string): string {
  try {
    const { name } = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof name === 'string' && name) return name;
  } catch {
    // No package.json, or not JSON.
  }
  return path.basename(rootDir);
}

function readCode(file: string): string[] | null {
  try {
    return highlightLines(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Lines of the new version with code that no recorded line maps to: changed or inserted since. */
function linesWithNewCode(lineHashes: Buffer, lineMap: Map<number, number>): number[] {
  const kept = new Set(lineMap.values());
  const lines: number[] = [];
  lineHashList(lineHashes).forEach((hash, index) => {
    if (hash !== 0 && !kept.has(index + 1)) lines.push(index + 1);
  });
  return lines;
}
