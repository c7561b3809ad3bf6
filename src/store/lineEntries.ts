/**
 * The 'lines' records: the inverted index from a source to the tests that executed each of its lines
 * (DESIGN.md §3). One entry per source and test file, keyed ['lines', source, project, testPath], so that
 * selection reads only the changed sources' ranges. Lines are gap-encoded (lineEncoding.ts).
 */
import type { RootDatabase } from 'lmdb';
import { decodeLines } from './lineEncoding';
import { RANGE_END, lineKey, type LineEntry } from './schema';
import { rebasedEntry, type SourceLines } from './storeUpdates';

export class LineEntries {
  constructor(private readonly db: RootDatabase) {}

  private rangeOf(sourcePath: string) {
    return this.db.getRange({ start: ['lines', sourcePath], end: ['lines', sourcePath, RANGE_END] });
  }

  /** The entries of one source as stored, in key order (project, test file). */
  *ofSource(sourcePath: string): Generator<{ project: string; testPath: string; entry: LineEntry }> {
    for (const { key, value } of this.rangeOf(sourcePath)) {
      const [, , project, testPath] = key as [string, string, string, string];
      yield { project, testPath, entry: value as LineEntry };
    }
  }

  /** Every test file's lines in one source, decoded. */
  *decodedOfSource(sourcePath: string): Generator<SourceLines> {
    for (const { project, testPath, entry } of this.ofSource(sourcePath)) {
      const tests = new Map<number, number[]>();
      for (const [testIndex, ...gaps] of entry.tests) tests.set(testIndex!, decodeLines(gaps));
      yield { project, testPath, load: decodeLines(entry.load), tests, ...(entry.child ? { child: entry.child } : {}) };
    }
  }

  /** Every entry, in key order (source, project, test file). */
  *all(): Generator<{ source: string; project: string; testPath: string; entry: LineEntry }> {
    for (const { key, value } of this.db.getRange({ start: ['lines'], end: ['lines', RANGE_END] })) {
      const [, source, project, testPath] = key as [string, string, string, string];
      yield { source, project, testPath, entry: value as LineEntry };
    }
  }

  /**
   * Inside a transaction: one test file's entries replace the ones it had in `previousSources`; returns
   * those it had, for the lines of tests that did not run this time.
   */
  takeEntries(project: string, testPath: string, previousSources: readonly string[]): Map<string, LineEntry> {
    const previous = new Map<string, LineEntry>();
    for (const source of previousSources) {
      const entry = this.db.get(lineKey(source, project, testPath)) as LineEntry | undefined;
      if (entry) previous.set(source, entry);
      this.db.removeSync(lineKey(source, project, testPath));
    }
    return previous;
  }

  /** Inside a transaction. */
  put(source: string, project: string, testPath: string, entry: LineEntry): void {
    this.db.putSync(lineKey(source, project, testPath), entry);
  }

  /** Inside a transaction: a source's entries at its new line numbers; entries that keep every line are not rewritten. */
  rebase(source: string, lineMap: Map<number, number>): void {
    for (const { key, value } of this.rangeOf(source)) {
      const rebased = rebasedEntry(value as LineEntry, lineMap);
      if (rebased) this.db.putSync(key, rebased);
    }
  }
}
