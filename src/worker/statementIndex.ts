import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEAST_UPPER_BOUND, TraceMap, originalPositionFor, type SourceMapInput } from '@jridgewell/trace-mapping';
import type { SourceShape } from '../recording';
import { bodyLineOf } from '../store/lineEncoding';

/** The part of an istanbul file coverage object this module reads. */
export interface IstanbulLocation {
  start: { line: number; column: number | null };
  end: { line: number; column: number | null };
}
export interface IstanbulFileCoverage {
  path: string;
  hash?: string;
  s: Record<string, number>;
  f: Record<string, number>;
  statementMap: Record<string, IstanbulLocation>;
  fnMap: Record<string, { decl: IstanbulLocation; loc: IstanbulLocation }>;
  inputSourceMap?: SourceMapInput;
}

/**
 * Where each counter of one instrumented file lands in original sources. Built once per instrumented
 * file and hash, and reused by every test file of a worker.
 */
export interface StatementIndex {
  /** Per statement id: index into `files`, or -1 when the statement maps to no original line. */
  statementFile: Int32Array;
  statementLine: Int32Array;
  /** True for statements outside every function: they belong to the load bucket. */
  statementTopLevel: Uint8Array;
  functionFile: Int32Array;
  functionLine: Int32Array;
  /**
   * Per statement and per function: the body line (lineEncoding.ts BODY_LINE_BASE) of the one-line
   * function on a module-level line it belongs to, or 0. Executing it also records that body line.
   */
  statementBodyLine: Int32Array;
  functionBodyLine: Int32Array;
  files: string[];
  shapes: Map<string, SourceShape>;
}

type Position = { source: string; line: number } | undefined;

function sourcePath(source: string): string {
  return source.startsWith('file://') ? fileURLToPath(source) : path.resolve(source);
}

function makePositionMapper(coverage: IstanbulFileCoverage): (line: number, column: number | null) => Position {
  if (!coverage.inputSourceMap) {
    return (line) => ({ source: coverage.path, line });
  }
  const map = new TraceMap(coverage.inputSourceMap, coverage.path);
  return (line, column) => {
    // istanbul's columns are 0-based like source maps; try the start, then the first columns of the line.
    for (const candidate of [column ?? 0, 0]) {
      const original = originalPositionFor(map, { line, column: candidate });
      if (original.source !== null && original.line !== null) return { source: sourcePath(original.source), line: original.line };
      const biased = originalPositionFor(map, { line, column: candidate, bias: LEAST_UPPER_BOUND });
      if (biased.source !== null && biased.line !== null) return { source: sourcePath(biased.source), line: biased.line };
    }
    return undefined;
  };
}

function contains(outer: IstanbulLocation, inner: IstanbulLocation): boolean {
  const startsAfter =
    inner.start.line > outer.start.line ||
    (inner.start.line === outer.start.line && (inner.start.column ?? 0) >= (outer.start.column ?? 0));
  const endsBefore =
    inner.end.line < outer.end.line ||
    (inner.end.line === outer.end.line && (inner.end.column ?? Infinity) <= (outer.end.column ?? Infinity));
  return startsAfter && endsBefore;
}

export function buildStatementIndex(coverage: IstanbulFileCoverage): StatementIndex {
  const mapPosition = makePositionMapper(coverage);
  const files: string[] = [];
  const fileIds = new Map<string, number>();
  const shapes = new Map<string, { statementLines: Set<number>; moduleLines: Set<number>; functions: Array<[number, number]> }>();
  const fileId = (file: string): number => {
    let id = fileIds.get(file);
    if (id === undefined) {
      id = files.length;
      files.push(file);
      fileIds.set(file, id);
      shapes.set(file, { statementLines: new Set(), moduleLines: new Set(), functions: [] });
    }
    return id;
  };

  const functionLocations = Object.values(coverage.fnMap).map((fn) => fn.loc);
  const statementIds = Object.keys(coverage.statementMap);
  const statementCount = statementIds.reduce((max, id) => Math.max(max, Number(id) + 1), 0);
  const statementFile = new Int32Array(statementCount).fill(-1);
  const statementLine = new Int32Array(statementCount);
  const statementTopLevel = new Uint8Array(statementCount);
  for (const id of statementIds) {
    const location = coverage.statementMap[id]!;
    const index = Number(id);
    const original = mapPosition(location.start.line, location.start.column);
    statementTopLevel[index] = functionLocations.some((fn) => contains(fn, location)) ? 0 : 1;
    if (!original) continue;
    const file = fileId(original.source);
    statementFile[index] = file;
    statementLine[index] = original.line;
    shapes.get(original.source)!.statementLines.add(original.line);
    if (statementTopLevel[index] === 1) shapes.get(original.source)!.moduleLines.add(original.line);
  }

  const functionIds = Object.keys(coverage.fnMap);
  const functionCount = functionIds.reduce((max, id) => Math.max(max, Number(id) + 1), 0);
  const functionFile = new Int32Array(functionCount).fill(-1);
  const functionLine = new Int32Array(functionCount);
  for (const id of functionIds) {
    const fn = coverage.fnMap[id]!;
    const index = Number(id);
    const start = mapPosition(fn.loc.start.line, fn.loc.start.column);
    const declaration = mapPosition(fn.decl.start.line, fn.decl.start.column) ?? start;
    if (!declaration) continue;
    const file = fileId(declaration.source);
    functionFile[index] = file;
    functionLine[index] = declaration.line;
    const end = mapPosition(fn.loc.end.line, fn.loc.end.column === null ? null : Math.max(0, fn.loc.end.column - 1));
    if (start && end && start.source === declaration.source && end.source === declaration.source) {
      shapes.get(declaration.source)!.functions.push([start.line, end.line]);
    }
  }

  const { statementBodyLine, functionBodyLine, oneLineBodies } = markOneLineBodies(coverage, functionFile, files, shapes, mapPosition, statementCount);

  const finishedShapes = new Map<string, SourceShape>();
  for (const [file, shape] of shapes) {
    const bodies = oneLineBodies.get(file);
    finishedShapes.set(file, {
      statementLines: [...shape.statementLines].sort((a, b) => a - b),
      moduleLines: [...shape.moduleLines].sort((a, b) => a - b),
      functions: shape.functions,
      ...(bodies && bodies.size > 0 ? { oneLineBodies: [...bodies].sort((a, b) => a[0] - b[0]).flat() } : {}),
    });
  }
  return { statementFile, statementLine, statementTopLevel, functionFile, functionLine, statementBodyLine, functionBodyLine, files, shapes: finishedShapes };
}

/**
 * Functions that start and end on one original line that also holds module-level code: their
 * counters (and those of every statement inside them) also record the line's body line. Per file, the
 * lines and how many outermost such functions each holds, for the parent to check against its parse.
 */
function markOneLineBodies(
  coverage: IstanbulFileCoverage,
  functionFile: Int32Array,
  files: string[],
  shapes: Map<string, { moduleLines: Set<number> }>,
  mapPosition: (line: number, column: number | null) => Position,
  statementCount: number,
): { statementBodyLine: Int32Array; functionBodyLine: Int32Array; oneLineBodies: Map<string, Map<number, number>> } {
  const statementBodyLine = new Int32Array(statementCount);
  const functionBodyLine = new Int32Array(functionFile.length);
  const oneLineBodies = new Map<string, Map<number, number>>();
  const candidates: Array<{ id: number; line: number; file: string; loc: IstanbulLocation }> = [];
  for (const id of Object.keys(coverage.fnMap)) {
    const index = Number(id);
    if (functionFile[index]! < 0) continue;
    const loc = coverage.fnMap[id]!.loc;
    const start = mapPosition(loc.start.line, loc.start.column);
    const end = mapPosition(loc.end.line, loc.end.column === null ? null : Math.max(0, loc.end.column - 1));
    const file = files[functionFile[index]!]!;
    if (!start || !end || start.source !== file || end.source !== file || start.line !== end.line) continue;
    if (!shapes.get(file)?.moduleLines.has(start.line)) continue;
    candidates.push({ id: index, line: start.line, file, loc });
  }
  for (const candidate of candidates) {
    const bodyLine = bodyLineOf(candidate.line);
    functionBodyLine[candidate.id] = bodyLine;
    const outermost = !candidates.some((other) => other !== candidate && other.file === candidate.file && contains(other.loc, candidate.loc) && !contains(candidate.loc, other.loc));
    if (outermost) {
      const lines = oneLineBodies.get(candidate.file) ?? new Map<number, number>();
      lines.set(candidate.line, (lines.get(candidate.line) ?? 0) + 1);
      oneLineBodies.set(candidate.file, lines);
    }
    for (const id of Object.keys(coverage.statementMap)) {
      if (contains(candidate.loc, coverage.statementMap[id]!)) statementBodyLine[Number(id)] = bodyLine;
    }
  }
  return { statementBodyLine, functionBodyLine, oneLineBodies };
}
