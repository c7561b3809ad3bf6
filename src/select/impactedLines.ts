import type { LineChanges } from '../changes/lineDiff';
import { bodyLineOf, decodeLines } from '../store/lineEncoding';
import type { SourceRecord } from '../store/schema';

/** What a change to one source impacts, in the recorded (old) line numbers. */
export interface SourceImpact {
  /** Module-level code changed: every test that loaded the source (rule 6). */
  moduleLevel: boolean;
  /** Changed lines as they show in the summary. */
  changedLines: number[];
  /** Recorded lines whose tests are impacted: statements that changed, and whole function spans (rule 5). */
  lines: Set<number>;
}

type Span = [start: number, end: number];

function spansOf(record: SourceRecord): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 1 < record.functions.length; i += 2) spans.push([record.functions[i]!, record.functions[i + 1]!]);
  return spans;
}

/** The smallest function span containing all of `lines`, or undefined for module level. */
function innermostSpan(spans: Span[], from: number, to: number): Span | undefined {
  let best: Span | undefined;
  for (const span of spans) {
    if (span[0] <= from && span[1] >= to && (!best || span[1] - span[0] < best[1] - best[0])) best = span;
  }
  return best;
}

/**
 * Rules 5 and 6 of DESIGN.md §4 for one changed source: a changed statement line impacts the tests
 * that executed it; a changed line without a statement of its own, or lines inserted inside a function,
 * impact the tests that executed the enclosing function; a change outside every function body, or on
 * a line where module-level code starts, impacts every test that loaded the module, unless the edit
 * stays inside that line's one-line function bodies (`bodyOnlyLines`): then the tests that executed them.
 */
export function impactOfChange(record: SourceRecord, changes: LineChanges, bodyOnlyLines: readonly number[] = []): SourceImpact {
  const spans = spansOf(record);
  const statements = new Set(decodeLines(record.statementLines));
  const moduleStatements = new Set(decodeLines(record.moduleLines));
  const impact: SourceImpact = { moduleLevel: false, changedLines: [...changes.changedLines], lines: new Set() };
  const addSpan = (span: Span) => {
    for (let line = span[0]; line <= span[1]; line++) impact.lines.add(line);
  };
  const bodyOnly = new Set(bodyOnlyLines);
  for (const line of changes.changedLines) {
    // Only the one-line function bodies of a module-level line changed: the tests that executed them.
    if (bodyOnly.has(line)) {
      impact.lines.add(bodyLineOf(line));
      continue;
    }
    const span = innermostSpan(spans, line, line);
    if (!span || moduleStatements.has(line)) {
      impact.moduleLevel = true;
      continue;
    }
    // A statement of its own: the tests that executed it. A line without one (a parameter list,
    // `} else {`), or the first line of a function: the tests that executed the function.
    if (statements.has(line)) impact.lines.add(line);
    if (!statements.has(line) || line === span[0]) addSpan(span);
  }
  for (const after of changes.insertedAfter) {
    impact.changedLines.push(after + 1);
    const span = after === 0 ? undefined : innermostSpan(spans, after, after + 1);
    if (!span) impact.moduleLevel = true;
    else addSpan(span);
  }
  return impact;
}
