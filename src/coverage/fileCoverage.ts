/**
 * istanbul's per-file coverage data (istanbul-lib-coverage's FileCoverageData, as babel-plugin-istanbul
 * writes it into `__coverage__` and Jest hands it to its CoverageReporter), split into what belongs to
 * one version of a source (its maps) and what one test file's run counted (its counters).
 */
export interface Position {
  line: number;
  column: number | null;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface FunctionEntry {
  name: string;
  decl: Range;
  loc: Range;
  line: number;
}

export interface BranchEntry {
  loc: Range;
  type: string;
  locations: Range[];
  line: number;
}

/** One version of a source as istanbul instrumented it: its maps (and istanbul's other fields). */
export interface CoverageShape {
  statementMap: Record<string, Range>;
  fnMap: Record<string, FunctionEntry>;
  branchMap: Record<string, BranchEntry>;
  [extra: string]: unknown;
}

export interface FileCoverageData extends CoverageShape {
  path: string;
  s: Record<string, number>;
  f: Record<string, number>;
  b: Record<string, number[]>;
}

/**
 * One test file's counters in one source, sparse: [id, count, id, count, ...] for the statements and
 * functions it executed, and [id, ...counts] per branch with any count. Everything else counted 0.
 */
export interface RecordedCounters {
  s: number[];
  f: number[];
  b: number[][];
}

export function shapeOf(data: FileCoverageData): CoverageShape {
  const shape: CoverageShape = { ...data };
  for (const key of ['path', 's', 'f', 'b']) delete shape[key];
  return shape;
}

function sparse(counts: Record<string, number>): number[] {
  const pairs: number[] = [];
  for (const [id, count] of Object.entries(counts)) if (count > 0) pairs.push(Number(id), count);
  return pairs;
}

export function countersOf(data: FileCoverageData): RecordedCounters {
  const b: number[][] = [];
  for (const [id, counts] of Object.entries(data.b)) if (counts.some((count) => count > 0)) b.push([Number(id), ...counts]);
  return { s: sparse(data.s), f: sparse(data.f), b };
}

function dense(ids: string[], pairs: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[id] = 0;
  for (let i = 0; i + 1 < pairs.length; i += 2) counts[String(pairs[i])] = pairs[i + 1]!;
  return counts;
}

/** The coverage data of `path` that a run counting `counters` against `shape` reports. */
export function fileCoverageOf(path: string, shape: CoverageShape, counters: RecordedCounters): FileCoverageData {
  const b: Record<string, number[]> = {};
  for (const [id, entry] of Object.entries(shape.branchMap)) b[id] = entry.locations.map(() => 0);
  for (const [id, ...counts] of counters.b) {
    const key = String(id);
    if (b[key] && b[key].length === counts.length) b[key] = counts;
  }
  return { ...shape, path, s: dense(Object.keys(shape.statementMap), counters.s), f: dense(Object.keys(shape.fnMap), counters.f), b };
}
