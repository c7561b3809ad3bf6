import jsTokens from 'js-tokens';
import type { Node } from '@babel/types';
import type { SourceRecord } from '../store/schema';
import { hash32, isSignificantToken } from './fingerprint';
import type { LineChanges } from './lineDiff';
import { parseSource } from './syntaxCheck';

/**
 * One-line function bodies on lines that also hold module-level code (`export const twice = (x) => x * 2;`),
 * and the "frame" of such a line: its significant tokens with each one-line body replaced by a
 * placeholder. Two versions of a line with the same frame differ only inside function bodies, so the
 * edit is a body change (DESIGN.md §4 rule 5): it impacts the tests that called the function, not every
 * test that loaded the module. Columns are UTF-16 code units from the line start, as Babel counts them.
 */

/** Column range [start, end) of one function body on one line. */
export type BodyRegion = [start: number, end: number];

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

const SKIPPED_KEYS = new Set(['loc', 'leadingComments', 'trailingComments', 'innerComments', 'extra']);

function collectBodies(node: Node, regions: Map<number, BodyRegion[]>): void {
  if (FUNCTION_TYPES.has(node.type)) {
    const body = (node as { body?: Node }).body;
    const loc = body?.loc;
    if (loc && loc.start.line === loc.end.line) {
      const list = regions.get(loc.start.line) ?? [];
      list.push([loc.start.column, loc.end.column]);
      regions.set(loc.start.line, list);
    }
  }
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child === 'object' && typeof (child as Node).type === 'string') collectBodies(child as Node, regions);
    }
  }
}

/** Per line, the outermost one-line function bodies on it, in column order. */
export function oneLineBodyRegions(program: Node): Map<number, BodyRegion[]> {
  const all = new Map<number, BodyRegion[]>();
  collectBodies(program, all);
  const outermost = new Map<number, BodyRegion[]>();
  for (const [line, regions] of all) {
    const kept = regions.filter((region) => !regions.some((other) => other !== region && other[0] <= region[0] && other[1] >= region[1] && (other[0] < region[0] || other[1] > region[1])));
    outermost.set(line, kept.sort((a, b) => a[0] - b[0]));
  }
  return outermost;
}

/** A frame that could not be taken (frame hashes are never 0): the line's edits count as module-level. */
export const NO_FRAME = 0;

const PLACEHOLDER = '\u0001';
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

/**
 * The frame hash of each wanted line: its significant tokens in order, each run of tokens inside one
 * of the line's body regions replaced by one placeholder. Lines without regions are left out.
 */
export function frameHashes(content: string, regions: Map<number, BodyRegion[]>, wanted: ReadonlySet<number>): Map<number, number> {
  const frames = new Map<number, string[]>();
  let line = 1;
  let column = 0;
  for (const token of jsTokens(content)) {
    const lineRegions = wanted.has(line) ? regions.get(line) : undefined;
    if (lineRegions && lineRegions.length > 0 && isSignificantToken(token)) {
      const parts = frames.get(line) ?? [];
      const inside = lineRegions.findIndex(([start, end]) => column >= start && column < end);
      if (inside < 0) parts.push(token.value);
      else if (parts[parts.length - 1] !== `${PLACEHOLDER}${inside}`) parts.push(`${PLACEHOLDER}${inside}`);
      frames.set(line, parts);
    }
    const breaks = token.value.match(LINE_BREAK);
    if (breaks) {
      line += breaks.length;
      column = token.value.length - (token.value.lastIndexOf(breaks[breaks.length - 1]!) + breaks[breaks.length - 1]!.length);
    } else {
      column += token.value.length;
    }
  }
  const hashes = new Map<number, number>();
  for (const [frameLine, parts] of frames) hashes.set(frameLine, hash32(parts.join('\u0000')));
  return hashes;
}

/** Frame hashes of the wanted lines of a source, computed from one parse; empty when it does not parse. */
export function frameHashesOf(file: string, content: string, wanted: ReadonlySet<number>): { frames: Map<number, number>; regions: Map<number, BodyRegion[]> } {
  const parsed = parseSource(file, content);
  if (!parsed.program) return { frames: new Map(), regions: new Map() };
  const regions = oneLineBodyRegions(parsed.program);
  return { frames: frameHashes(content, regions, wanted), regions };
}

/**
 * Changed lines with a recorded frame whose replacement line has the same frame: the edit stays inside
 * the line's one-line function bodies. Parses the new version only when such a line changed.
 */
export function bodyOnlyChanges(file: string, content: string, record: SourceRecord, lineChanges: LineChanges): number[] {
  const recordedFrames = framesByLine(record.frames);
  const candidates = lineChanges.changedLines.filter((line) => recordedFrames.has(line) && lineChanges.replacedBy.has(line));
  if (candidates.length === 0) return [];
  const newLines = new Set(candidates.map((line) => lineChanges.replacedBy.get(line)!));
  const { frames } = frameHashesOf(file, content, newLines);
  return candidates.filter((line) => frames.get(lineChanges.replacedBy.get(line)!) === recordedFrames.get(line));
}

/** The usable frames of a source record, by line. */
export function framesByLine(frames: number[] | undefined): Map<number, number> {
  const byLine = new Map<number, number>();
  for (let i = 0; i + 2 < (frames?.length ?? 0); i += 3) if (frames![i + 2] !== NO_FRAME) byLine.set(frames![i]!, frames![i + 2]!);
  return byLine;
}

/** Frames of lines that moved unchanged (same token hash) keep their hash at the new line. */
export function remapFrames(frames: number[] | undefined, lineMap: Map<number, number>, oldHashes: number[], newHashes: number[]): number[] | undefined {
  if (!frames) return undefined;
  const remapped: number[] = [];
  for (let i = 0; i + 2 < frames.length; i += 3) {
    const line = frames[i]!;
    const target = lineMap.get(line);
    if (target !== undefined && oldHashes[line - 1] === newHashes[target - 1]) remapped.push(target, frames[i + 1]!, frames[i + 2]!);
  }
  return remapped.length > 0 ? remapped : undefined;
}

