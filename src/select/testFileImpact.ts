import type { LineChanges } from '../changes/lineDiff';
import { UNKNOWN_TESTS, type RecordedTestSpan } from '../changes/testSpans';
import type { TestFileRecord } from '../store/schema';

/** What a change to a test file runs: nothing (rule 7), some of its tests, or all of them (rule 3). */
export type TestFileImpact = { kind: 'none' } | { kind: 'all' } | { kind: 'tests'; ids: string[] };

function spanContaining(spans: readonly RecordedTestSpan[], from: number, to: number): RecordedTestSpan | undefined {
  return spans.find(([start, end]) => start <= from && to <= end);
}

/**
 * DESIGN.md §4 rule 3 for a changed test file, in the recorded version's lines: a change inside the
 * span of tests whose ids are certain runs those tests; a change anywhere else (imports, helpers,
 * hooks, describe bodies, a test whose ids are not certain) runs every test of the file. A change that
 * leaves the token stream as it was (comments, formatting) runs nothing.
 */
export function impactOfTestFileChange(record: TestFileRecord, changes: LineChanges | undefined): TestFileImpact {
  if (!changes || !record.testSpans) return { kind: 'all' };
  if (changes.changedLines.length === 0 && changes.insertedAfter.length === 0) return { kind: 'none' };
  const indexes = new Set<number>();
  const addSpan = (span: RecordedTestSpan | undefined): boolean => {
    if (!span) return false;
    const tests = span.slice(2);
    if (tests.includes(UNKNOWN_TESTS)) return false;
    for (const index of tests) indexes.add(index);
    return true;
  };
  for (const line of changes.changedLines) {
    if (!addSpan(spanContaining(record.testSpans, line, line))) return { kind: 'all' };
  }
  for (const after of changes.insertedAfter) {
    // Inserted after `after` and before the next recorded line: inside a span only when both are.
    if (!addSpan(spanContaining(record.testSpans, after, after + 1))) return { kind: 'all' };
  }
  const ids = [...indexes].map((index) => record.tests[index]?.id).filter((id): id is string => id !== undefined);
  return ids.length === indexes.size ? { kind: 'tests', ids } : { kind: 'all' };
}
