import { describe, expect, test } from '@jest/globals';
import { countersOf, fileCoverageOf, shapeOf, type CoverageShape, type FileCoverageData, type Range } from '../../src/coverage/fileCoverage';
import { remapCounters } from '../../src/coverage/remapCounters';

const range = (line: number, column: number, endLine = line, endColumn = column + 10): Range => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
const fn = (name: string, line: number, endLine: number) => ({ name, decl: range(line, 9, line, 9 + name.length), loc: range(line, 0, endLine, 1), line });
const branch = (line: number, paths: number) => ({ loc: range(line, 2), type: 'if', locations: Array.from({ length: paths }, (_, index) => range(line, 2 + index)), line });

/**
 * function a() {        1
 *   if (x) return 1;    2   statement 0 (the if), 1 (return); branch 0
 *   return 2;           3   statement 2
 * }                     4
 * const k = a();        5   statement 3
 */
const V1: CoverageShape = {
  statementMap: { 0: range(2, 2), 1: range(2, 9), 2: range(3, 2), 3: range(5, 0) },
  fnMap: { 0: fn('a', 1, 4) },
  branchMap: { 0: branch(2, 2) },
  hash: 'v1',
};

describe('counters', () => {
  const data: FileCoverageData = { path: '/p/a.js', ...V1, s: { 0: 3, 1: 0, 2: 3, 3: 1 }, f: { 0: 3 }, b: { 0: [0, 3] } };

  test('keep only what was counted, and give the same data back against the same shape', () => {
    const counters = countersOf(data);
    expect(counters).toEqual({ s: [0, 3, 2, 3, 3, 1], f: [0, 3], b: [[0, 0, 3]] });
    expect(fileCoverageOf('/p/a.js', shapeOf(data), counters)).toEqual(data);
  });

  test('a branch nobody took is stored as nothing and read back as zeros', () => {
    const none = countersOf({ ...data, s: { 0: 0, 1: 0, 2: 0, 3: 1 }, f: { 0: 0 }, b: { 0: [0, 0] } });
    expect(none).toEqual({ s: [3, 1], f: [], b: [] });
    expect(fileCoverageOf('/p/a.js', V1, none)).toMatchObject({ s: { 0: 0, 1: 0, 2: 0, 3: 1 }, f: { 0: 0 }, b: { 0: [0, 0] } });
  });
});

describe('remapCounters', () => {
  const counters = { s: [0, 3, 2, 3, 3, 1], f: [0, 3], b: [[0, 0, 3]] };

  test('two lines inserted above: every entry moves down, counts kept', () => {
    const shifted: CoverageShape = {
      statementMap: { 0: range(4, 2), 1: range(4, 9), 2: range(5, 2), 3: range(7, 0), 4: range(1, 0) },
      fnMap: { 0: fn('a', 3, 6) },
      branchMap: { 0: branch(4, 2) },
      hash: 'v2',
    };
    const lineMap = new Map([[1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]);
    // Statement 4 is new (line 1 changed): it counts 0.
    expect(remapCounters(V1, shifted, lineMap, counters)).toEqual(counters);
  });

  test('whitespace inside an unchanged line moves columns, not the match', () => {
    const spaced: CoverageShape = { ...V1, statementMap: { 0: range(2, 4), 1: range(2, 12), 2: range(3, 2), 3: range(5, 0) }, hash: 'v3' };
    const lineMap = new Map([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    expect(remapCounters(V1, spaced, lineMap, counters)).toEqual(counters);
  });

  test('an entry on a changed line is dropped, and the new one there counts 0', () => {
    // Line 3 changed: `return 2;` became `return two();` (a new statement id 4 there).
    const changed: CoverageShape = { ...V1, statementMap: { 0: range(2, 2), 1: range(2, 9), 3: range(5, 0), 4: range(3, 2) }, hash: 'v4' };
    const lineMap = new Map([[1, 1], [2, 2], [4, 4], [5, 5]]);
    expect(remapCounters(V1, changed, lineMap, counters)).toEqual({ s: [0, 3, 3, 1], f: [0, 3], b: [[0, 0, 3]] });
  });

  test('an unchanged line that now holds a different number of entries is not certain', () => {
    const joined: CoverageShape = { ...V1, statementMap: { 0: range(2, 2), 1: range(2, 9), 2: range(2, 20), 3: range(5, 0) }, hash: 'v5' };
    const lineMap = new Map([[1, 1], [2, 2], [3, 2], [4, 3], [5, 5]]);
    expect(remapCounters(V1, joined, lineMap, counters)).toBeUndefined();
  });

  test('a branch whose number of paths changed is not certain', () => {
    const wider: CoverageShape = { ...V1, branchMap: { 0: branch(2, 3) }, hash: 'v6' };
    const lineMap = new Map([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    expect(remapCounters(V1, wider, lineMap, counters)).toBeUndefined();
  });
});
