/**
 * The pure part of writing one test file's records: its 'lines' entries from what ran now and what the
 * tests that did not run had recorded before, and what stays of its dirty mark.
 */
import type { TestStatus } from '../recording';
import { decodeLines, encodeLines } from './lineEncoding';
import type { DirtyRecord, LineEntry, StoredTest } from './schema';

/** Lines of one test in one source, and whether a child process it started executed them. */
export type KeptLines = Map<string, { lines: number[]; child: boolean }>;

/** What ran: per test index, source -> lines (undefined: the test did not run); the load bucket; child marks. */
export interface RanLines {
  tests: StoredTest[];
  testLines: Array<Map<string, number[]> | undefined>;
  loadLines: Map<string, number[]>;
  childExecuted?: Map<string, number[]>;
}

/**
 * The lines that tests which did not run this time (filtered by `-t`, skipped by the selection) had
 * recorded, at their new indexes: they keep them until they run again.
 */
export function keptLinesOf(ran: RanLines, previousTests: StoredTest[], previousEntries: Map<string, LineEntry>): Map<number, KeptLines> {
  const kept = new Map<number, KeptLines>();
  const notRun = new Map<string, number>();
  ran.tests.forEach((test, index) => {
    if (!ran.testLines[index]) notRun.set(test.id, index);
  });
  if (notRun.size === 0) return kept;
  const previousLines = new Map<number, KeptLines>();
  for (const [source, entry] of previousEntries) {
    const child = new Set(entry.child ?? []);
    for (const [testIndex, ...gaps] of entry.tests) {
      let lines = previousLines.get(testIndex!);
      if (!lines) previousLines.set(testIndex!, (lines = new Map()));
      lines.set(source, { lines: decodeLines(gaps), child: child.has(testIndex!) });
    }
  }
  previousTests.forEach((test, previousIndex) => {
    const index = notRun.get(test.id);
    const lines = previousLines.get(previousIndex);
    if (index !== undefined && lines) kept.set(index, lines);
  });
  return kept;
}

/** The file's 'lines' entries, per source. */
export function lineEntriesOf(ran: RanLines, kept: Map<number, KeptLines>): Map<string, LineEntry> {
  const entries = new Map<string, LineEntry>();
  const entryOf = (source: string): LineEntry => {
    let entry = entries.get(source);
    if (!entry) entries.set(source, (entry = { load: [], tests: [] }));
    return entry;
  };
  for (const [source, lines] of ran.loadLines) if (lines.length > 0) entryOf(source).load = encodeLines(lines);
  const childExecuted = new Map(ran.childExecuted ?? []);
  ran.tests.forEach((_test, index) => {
    const lines = ran.testLines[index];
    if (lines) {
      for (const [source, sourceLines] of lines) if (sourceLines.length > 0) entryOf(source).tests.push([index, ...encodeLines(sourceLines)]);
      return;
    }
    for (const [source, { lines: keptLines, child }] of kept.get(index) ?? []) {
      if (keptLines.length > 0) entryOf(source).tests.push([index, ...encodeLines(keptLines)]);
      if (child) childExecuted.set(source, [...(childExecuted.get(source) ?? []), index]);
    }
  });
  for (const [source, tests] of childExecuted) {
    const entry = entries.get(source);
    if (entry) entry.child = [...new Set(tests)].sort((a, b) => a - b);
  }
  return entries;
}

const SKIPPED_IN_CODE: ReadonlySet<TestStatus> = new Set(['todo', 'disabled']);

/**
 * What stays of a dirty mark after the file ran: a dirty test is clean once it completed, and so is one
 * the test code itself skips (`test.skip`, `describe.skip`, `test.todo`), which will not run until its
 * file changes (and a change to the file selects it). A test a name pattern left out (the selection,
 * the user's `-t`) stays dirty. Undefined: nothing stays.
 */
export function remainingDirty(dirty: DirtyRecord, ran: Pick<RanLines, 'tests' | 'testLines'>): DirtyRecord | undefined {
  const notRun = new Set(ran.tests.filter((test, index) => !ran.testLines[index] && !SKIPPED_IN_CODE.has(test.status)).map((test) => test.id));
  const remaining = dirty.all ? [...notRun] : dirty.tests.filter((id) => notRun.has(id));
  return remaining.length === 0 ? undefined : { all: false, tests: remaining };
}
