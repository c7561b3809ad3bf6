/**
 * Which statements of a script a Node.js process executed, from V8's block coverage (the JSON Node
 * writes into NODE_V8_COVERAGE): a position counts as executed when the innermost range around it
 * has a count above zero, the rule c8 and Node's own test runner apply.
 */

export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

export interface V8FunctionCoverage {
  functionName?: string;
  ranges: V8Range[];
}

/** istanbul's location shape (line 1-based, column 0-based). */
interface Location {
  start: { line: number; column: number | null };
}

/** What the line attribution needs of an istanbul file coverage: statement and function locations. */
export interface StatementMaps {
  statementMap: Record<string, Location>;
  fnMap: Record<string, { decl: Location; loc: Location }>;
}

/** Offsets of the first character of each line (index 0 is line 1). */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** The count of the innermost range that contains `offset` (other than `skip`), or undefined when none does. */
export function countAt(ranges: readonly V8Range[], offset: number, skip?: ReadonlySet<V8Range>): number | undefined {
  let best: V8Range | undefined;
  for (const range of ranges) {
    if (range.startOffset <= offset && offset < range.endOffset && (!best || range.endOffset - range.startOffset <= best.endOffset - best.startOffset)) {
      if (skip?.has(range) && range.startOffset === offset) continue;
      best = range;
    }
  }
  return best?.count;
}

/**
 * The lines of statements and functions the process executed: a statement's start line, and a called
 * function's declaration line (the same lines the in-process recorder charges from istanbul counters).
 */
export function executedLines(functions: readonly V8FunctionCoverage[], text: string, maps: StatementMaps): number[] {
  const ranges = functions.flatMap((fn) => fn.ranges);
  const starts = lineStartOffsets(text);
  const offsetOf = (location: Location) => (starts[location.start.line - 1] ?? text.length) + (location.start.column ?? 0);
  // A statement that starts where a function starts (`const f = () => ...`) is that function's
  // creation, which the enclosing code executes: the function's own range does not count for it.
  const functionRanges = new Set(functions.map((fn) => fn.ranges[0]).filter((range): range is V8Range => range !== undefined));
  const lines = new Set<number>();
  for (const location of Object.values(maps.statementMap)) {
    if ((countAt(ranges, offsetOf(location), functionRanges) ?? 0) > 0) lines.add(location.start.line);
  }
  for (const fn of Object.values(maps.fnMap)) {
    if ((countAt(ranges, offsetOf(fn.loc)) ?? 0) > 0) lines.add(fn.decl.start.line);
  }
  return [...lines].sort((a, b) => a - b);
}

/** Every line that lies in a range with a count above zero: for scripts whose statements are not known. */
export function linesInExecutedRanges(functions: readonly V8FunctionCoverage[], text: string): number[] {
  const ranges = functions.flatMap((fn) => fn.ranges);
  const starts = lineStartOffsets(text);
  const lines: number[] = [];
  starts.forEach((start, index) => {
    let offset = start;
    while (offset < text.length && (text[offset] === ' ' || text[offset] === '\t')) offset++;
    if (offset >= text.length || text[offset] === '\n' || text[offset] === '\r') return;
    if ((countAt(ranges, offset) ?? 0) > 0) lines.push(index + 1);
  });
  return lines;
}
