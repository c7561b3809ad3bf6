/**
 * The shapes of what the store's writers hand it: one test file's recording, a run's preparation (dirty
 * marks, rebased sources), and how recorded lines follow a source's line map.
 */
import { BODY_LINE_BASE, bodyLineOf, decodeLines, encodeLines, isBodyLine } from './lineEncoding';
import type { DependencyRecord, DirtyRecord, LineEntry, SourceRecord, TestFileRecord } from './schema';
import type { TestFileRebase } from '../changes/detectChanges';
import type { CoverageShapeRecord, SourceCoverage } from './coverageRecords';

/** What one test file's run recorded, with paths already relative to rootDir. */
export interface TestFileUpdate {
  project: string;
  testPath: string;
  record: Omit<TestFileRecord, 'sources'>;
  /** Per test index (into record.tests): source -> sorted lines. Tests that did not run have no entry. */
  testLines: Array<Map<string, number[]> | undefined>;
  /** Source -> sorted lines of the load bucket. */
  loadLines: Map<string, number[]>;
  /** Source records to write with this file (sources first seen in this run). */
  sourceRecords: Map<string, SourceRecord>;
  /** Non-instrumented dependencies as read in this run. */
  dependencyRecords: Map<string, DependencyRecord>;
  /** Source -> tests (-1: the load bucket) whose lines there ran in a child process. */
  childExecuted?: Map<string, number[]>;
  /** Source -> what the file counted there, when the run reported coverage and ran the file whole. */
  coverage?: Map<string, SourceCoverage>;
}

/** The lines one test file's tests executed in one source, in the source record's numbering. */
export interface SourceLines {
  project: string;
  testPath: string;
  load: number[];
  /** Test index (into the test file record) -> lines. */
  tests: Map<number, number[]>;
  /** Tests (-1: the load bucket) whose lines here ran in a child process they started. */
  child?: number[];
}

/** A source whose current version replaces its record, with the old -> new line map for its entries. */
export interface SourceRebase {
  source: string;
  record: SourceRecord;
  lineMap: Map<number, number>;
  /** The line map for the line entries when it differs from `lineMap` (lineDiff.ts entryLineMap). */
  entryLineMap?: Map<number, number>;
  /** No line entry moves (entryLineMap is the identity on every recorded line): the entries need no read. */
  entriesStay?: boolean;
}

/** What a selected run changes in the store before its tests start (DESIGN.md §4 rule 10). */
export interface RunPreparation {
  dirty: Array<{ project: string; testPath: string; record: DirtyRecord }>;
  rebases: SourceRebase[];
  /** Unchanged files whose size or mtime moved: new stats so the next run skips hashing them. */
  refreshedSources: Array<{ source: string; size: number; mtimeMs: number }>;
  /** Test files and dependencies whose content is the recorded one but whose size or mtime moved (as refreshedSources). */
  refreshedTestFiles?: Array<{ project: string; testPath: string; hash: string; size: number; mtimeMs: number }>;
  refreshedDependencies?: Array<{ key: string; record: DependencyRecord }>;
  /** Test file records to move to a version with the same token stream, when they are still at `fromHash`. */
  testFileRebases?: TestFileRebase[];
  /**
   * Rebased sources with recorded coverage -> their current istanbul shape (undefined: unknown): the
   * counters follow it, or are dropped when they cannot.
   */
  coverageShapes?: Map<string, CoverageShapeRecord | undefined>;
}

/** Lines through a line map; a body line moves with the line it stands for. */
function remap(lines: number[], lineMap: Map<number, number>): number[] {
  const mapped = new Set<number>();
  for (const line of lines) {
    const target = isBodyLine(line) ? lineMap.get(line - BODY_LINE_BASE) : lineMap.get(line);
    if (target !== undefined) mapped.add(isBodyLine(line) ? bodyLineOf(target) : target);
  }
  return [...mapped].sort((a, b) => a - b);
}

export function remapEncoded(encoded: number[], lineMap: Map<number, number>): number[] {
  return encodeLines(remap(decodeLines(encoded), lineMap));
}

/** Whether every line of a gap-encoded list keeps its number (none moves, none goes). */
function keepsLines(encoded: readonly number[], lineMap: Map<number, number>): boolean {
  let line = 0;
  for (const gap of encoded) {
    line += gap;
    const base = isBodyLine(line) ? line - BODY_LINE_BASE : line;
    if (lineMap.get(base) !== base) return false;
  }
  return true;
}

/**
 * A line entry at a source's new line numbers, or undefined when it stays as it is: an edit that moves
 * no line changes only the entries that hold a changed line, and the others need no write.
 */
export function rebasedEntry(entry: LineEntry, lineMap: Map<number, number>): LineEntry | undefined {
  if (keepsLines(entry.load, lineMap) && entry.tests.every(([, ...gaps]) => gaps.length > 0 && keepsLines(gaps, lineMap))) return undefined;
  const tests = entry.tests.map(([testIndex, ...gaps]) => [testIndex!, ...remapEncoded(gaps, lineMap)]).filter((row) => row.length > 1);
  return { ...entry, load: remapEncoded(entry.load, lineMap), tests };
}

