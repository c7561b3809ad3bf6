import { describe, expect, test } from '@jest/globals';
import { createInstrumenter } from 'istanbul-lib-instrument';
import { bodyOnlyChanges, frameHashesOf, oneLineBodyRegions, remapFrames } from '../../src/changes/bodyFrames';
import { fingerprintSource, lineHashList } from '../../src/changes/fingerprint';
import { diffLineHashes } from '../../src/changes/lineDiff';
import { parseSource } from '../../src/changes/syntaxCheck';
import { impactOfChange } from '../../src/select/impactedLines';
import { BODY_LINE_BASE, bodyLineOf, encodeLines } from '../../src/store/lineEncoding';
import type { SourceRecord } from '../../src/store/schema';
import { buildStatementIndex, type IstanbulFileCoverage } from '../../src/worker/statementIndex';

const FILE = '/project/src/math.js';

// Lines:  1: a one-liner at module level; 2-4: a multi-line function; 5: two one-liners; 6: the exports.
const SOURCE = [
  'export const twice = (x) => x * 2;',
  'export function clamp(x) {',
  '  return Math.min(x, 10);',
  '}',
  'export const inc = (x) => x + 1, dec = (x) => { return x - 1; };',
  'export default { twice, clamp, inc, dec };',
].join('\n');

/** The record the parent writes after a recording run, frames for the lines the worker reports. */
function recordOf(source: string, bodies: Array<[line: number, count: number]>): SourceRecord {
  const { tokenHash, lineHashes, lineTokenCounts } = fingerprintSource(source);
  const { frames } = frameHashesOf(FILE, source, new Set(bodies.map(([line]) => line)));
  return {
    hash: 'h',
    size: source.length,
    mtimeMs: 0,
    tokenHash,
    lineHashes,
    lineTokenCounts,
    statementLines: encodeLines([1, 3, 5, 6]),
    moduleLines: encodeLines([1, 5, 6]),
    functions: [1, 1, 2, 4, 5, 5, 5, 5],
    frames: bodies.flatMap(([line, count]) => [line, count, frames.get(line)!]),
  };
}

/** What an edit of SOURCE impacts: module level, or the recorded lines (body lines as `body:N`). */
function impactOf(edited: string) {
  const record = recordOf(SOURCE, [
    [1, 1],
    [5, 2],
  ]);
  const changes = diffLineHashes(lineHashList(record.lineHashes), lineHashList(fingerprintSource(edited).lineHashes));
  const impact = impactOfChange(record, changes, bodyOnlyChanges(FILE, edited, record, changes));
  const lines = [...impact.lines].sort((a, b) => a - b).map((line) => (line >= BODY_LINE_BASE ? `body:${line - BODY_LINE_BASE}` : line));
  return { moduleLevel: impact.moduleLevel, lines };
}

describe('one-line function bodies on module-level lines (rule 5 by columns)', () => {
  test.each([
    ['an edit inside the body of a one-liner: the tests that called it', SOURCE.replace('x * 2', 'x * 3'), { moduleLevel: false, lines: ['body:1'] }],
    ['a body rewritten with other tokens: still the body', SOURCE.replace('x * 2', 'Math.imul(x, 2)'), { moduleLevel: false, lines: ['body:1'] }],
    ['the parameter list of a one-liner: every loader', SOURCE.replace('(x) => x * 2', '(x, y) => x * 2'), { moduleLevel: true, lines: [] }],
    ['the name bound at module level: every loader', SOURCE.replace('const twice', 'const double'), { moduleLevel: true, lines: [] }],
    ['the body replaced by a value: every loader', SOURCE.replace('(x) => x * 2', '2'), { moduleLevel: true, lines: [] }],
    ['a block body of the second one-liner on a line: that line’s bodies', SOURCE.replace('return x - 1;', 'return x - 2;'), { moduleLevel: false, lines: ['body:5'] }],
    ['one body and the code between two one-liners: every loader', SOURCE.replace('x + 1, dec', 'x + 2, decrement'), { moduleLevel: true, lines: [] }],
    ['a multi-line function is unchanged by the rule', SOURCE.replace('Math.min(x, 10)', 'Math.min(x, 11)'), { moduleLevel: false, lines: [3] }],
    ['an edit that breaks the body out of the function: every loader', SOURCE.replace('x * 2;', 'x * 2, y = 3;'), { moduleLevel: true, lines: [] }],
  ])('%s', (_name, edited, expected) => {
    expect(impactOf(edited)).toEqual(expected);
  });

  test('a line the parse counts other bodies on than the worker did keeps the module-level rule', () => {
    const record = recordOf(SOURCE, [[1, 2]]);
    const edited = SOURCE.replace('x * 2', 'x * 3');
    const changes = diffLineHashes(lineHashList(record.lineHashes), lineHashList(fingerprintSource(edited).lineHashes));
    // recordOf hashes the frame whatever the count; the parent writes NO_FRAME when the counts differ.
    expect(bodyOnlyChanges(FILE, edited, { ...record, frames: [1, 2, 0] }, changes)).toEqual([]);
  });

  test('only the outermost bodies of a line count, in column order', () => {
    const program = parseSource(FILE, 'export const f = (a) => (b) => a + b, g = () => { return 1; };').program!;
    expect(oneLineBodyRegions(program).get(1)).toEqual([
      [24, 36],
      [48, 61],
    ]);
  });

  test('strings and comments that look like code do not move the frame', () => {
    const line = "const greet = (name) => `hi ${name} => ok`; // (x) => x";
    const { frames } = frameHashesOf(FILE, line, new Set([1]));
    const edited = frameHashesOf(FILE, line.replace('hi', 'hello').replace('// (x)', '// (y)'), new Set([1]));
    expect(edited.frames.get(1)).toBe(frames.get(1));
  });
});

describe('remapFrames', () => {
  test('a frame moves with its line when the line is unchanged, and is dropped when it changed', () => {
    const frames = [1, 1, 111, 5, 2, 555];
    const lineMap = new Map([
      [1, 3],
      [5, 7],
    ]);
    // Old line 1 (hash 10) is line 3 now with the same hash; old line 5 (hash 50) maps to a line with another hash.
    expect(remapFrames(frames, lineMap, [10, 0, 0, 0, 50], [0, 0, 10, 0, 0, 0, 51])).toEqual([3, 1, 111]);
    expect(remapFrames(frames, new Map(), [10, 0, 0, 0, 50], [10])).toBeUndefined();
  });
});

describe('the worker records one-liner executions as body lines', () => {
  test('statements and calls inside a one-liner on a module-level line carry its body line; others do not', () => {
    const coverage = Object.values(
      (() => {
        const instrumenter = createInstrumenter({ compact: false, esModules: true });
        instrumenter.instrumentSync(SOURCE, FILE);
        return { [FILE]: instrumenter.lastFileCoverage() as unknown as IstanbulFileCoverage };
      })(),
    )[0]!;
    const index = buildStatementIndex(coverage);
    const bodyLinesOfStatements = new Set(Array.from(index.statementBodyLine).filter((line) => line !== 0));
    expect([...bodyLinesOfStatements].sort()).toEqual([bodyLineOf(1), bodyLineOf(5)]);
    // The statement of clamp (line 3) is no body line: its function spans lines 2-4.
    const clampStatement = Array.from(index.statementLine).indexOf(3);
    expect(index.statementBodyLine[clampStatement]).toBe(0);
    expect(index.shapes.get(FILE)?.oneLineBodies).toEqual([1, 1, 5, 2]);
  });
});
