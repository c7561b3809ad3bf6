import type { CoverageShape, Range, RecordedCounters } from './fileCoverage';

/**
 * Moves one test file's counters from the version of a source they were counted against to its current
 * version, through the old -> new line map of the store's rebase (DESIGN.md §3).
 *
 * Entries (statements, functions, branches) are matched by the line they start on and their order on
 * that line, not by columns, so that whitespace inside an unchanged line does not lose a count. An entry
 * that starts on a changed line counts 0: a skipped test file executed nothing there (else the selection
 * would have run it). When an unchanged line does not hold the same number of entries in both versions
 * (a reformatting that moved code between lines), the match is not certain and the result is
 * undefined: the caller drops the counters, and the test file runs in the next run with coverage.
 */
export function remapCounters(
  from: CoverageShape,
  to: CoverageShape,
  lineMap: ReadonlyMap<number, number>,
  counters: RecordedCounters,
): RecordedCounters | undefined {
  const s = remapPairs(from.statementMap, to.statementMap, (range) => range, lineMap, counters.s);
  const f = remapPairs(from.fnMap, to.fnMap, (entry) => entry.loc, lineMap, counters.f);
  if (!s || !f) return undefined;
  const branchIds = matchIds(from.branchMap, to.branchMap, (entry) => entry.loc, lineMap);
  if (!branchIds) return undefined;
  const b: number[][] = [];
  for (const [id, ...counts] of counters.b) {
    const target = branchIds.get(String(id));
    if (target === undefined) continue;
    if (to.branchMap[target]!.locations.length !== counts.length) return undefined;
    b.push([Number(target), ...counts]);
  }
  return { s, f, b };
}

function remapPairs<T>(
  from: Record<string, T>,
  to: Record<string, T>,
  rangeOf: (entry: T) => Range,
  lineMap: ReadonlyMap<number, number>,
  pairs: number[],
): number[] | undefined {
  const ids = matchIds(from, to, rangeOf, lineMap);
  if (!ids) return undefined;
  const mapped: number[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const target = ids.get(String(pairs[i]));
    if (target !== undefined) mapped.push(Number(target), pairs[i + 1]!);
  }
  return mapped;
}

/** Entry ids by start line, in source order on that line. */
function idsByStartLine<T>(entries: Record<string, T>, rangeOf: (entry: T) => Range): Map<number, string[]> {
  const byLine = new Map<number, Array<{ id: string; range: Range }>>();
  for (const [id, entry] of Object.entries(entries)) {
    const range = rangeOf(entry);
    const list = byLine.get(range.start.line) ?? [];
    list.push({ id, range });
    byLine.set(range.start.line, list);
  }
  const ordered = new Map<number, string[]>();
  for (const [line, list] of byLine) {
    list.sort((a, b) => compareRanges(a.range, b.range));
    ordered.set(line, list.map(({ id }) => id));
  }
  return ordered;
}

function compareRanges(a: Range, b: Range): number {
  return (a.start.column ?? 0) - (b.start.column ?? 0) || b.end.line - a.end.line || (b.end.column ?? 0) - (a.end.column ?? 0);
}

/** Old id -> new id for entries on unchanged lines; undefined when an unchanged line's entries differ in number. */
function matchIds<T>(
  from: Record<string, T>,
  to: Record<string, T>,
  rangeOf: (entry: T) => Range,
  lineMap: ReadonlyMap<number, number>,
): Map<string, string> | undefined {
  const oldByLine = idsByStartLine(from, rangeOf);
  const newByLine = idsByStartLine(to, rangeOf);
  const matched = new Map<string, string>();
  for (const [oldLine, newLine] of lineMap) {
    const oldIds = oldByLine.get(oldLine) ?? [];
    const newIds = newByLine.get(newLine) ?? [];
    if (oldIds.length !== newIds.length) return undefined;
    oldIds.forEach((id, index) => matched.set(id, newIds[index]!));
  }
  // An old entry on an unchanged line must have landed; one on a changed line is dropped.
  for (const [oldLine, ids] of oldByLine) if (lineMap.has(oldLine) && ids.some((id) => !matched.has(id))) return undefined;
  return matched;
}
