import { describe, expect, test } from '@jest/globals';
import { BODY_LINE_BASE, encodeLines } from '../../src/store/lineEncoding';
import { rebasedEntry } from '../../src/store/storeUpdates';

const entry = (load: number[], ...tests: Array<[number, number[]]>) => ({
  load: encodeLines(load),
  tests: tests.map(([index, lines]) => [index, ...encodeLines(lines)]),
});
/** Old -> new line numbers of a 10-line source; `changed` lines are not mapped, `shift` moves the lines after `from`. */
const lineMap = ({ changed = [] as number[], from = Infinity, shift = 0 } = {}) =>
  new Map(Array.from({ length: 10 }, (_, i) => i + 1).filter((line) => !changed.includes(line)).map((line) => [line, line >= from ? line + shift : line]));

describe('rebasedEntry: a line entry at the source\'s new line numbers', () => {
  test('an edit that moves no line and changes none of the entry\'s lines leaves it as it is (no write)', () => {
    expect(rebasedEntry(entry([1, 2], [0, [4, 5]], [1, [7]]), lineMap({ changed: [9] }))).toBeUndefined();
    expect(rebasedEntry(entry([1], [0, [BODY_LINE_BASE + 4]]), lineMap({ changed: [9] }))).toBeUndefined();
  });

  test('a changed line the entry holds goes, from the load bucket and from the tests', () => {
    expect(rebasedEntry(entry([1, 2], [0, [2, 5]], [1, [2]]), lineMap({ changed: [2] }))).toEqual(entry([1], [0, [5]]));
  });

  test('a changed line inside a function body goes in its body-line form too', () => {
    expect(rebasedEntry(entry([1], [0, [6, BODY_LINE_BASE + 4]]), lineMap({ changed: [4] }))).toEqual(entry([1], [0, [6]]));
  });

  test('lines after an inserted line move, body lines with them', () => {
    expect(rebasedEntry(entry([1, 5], [0, [7, BODY_LINE_BASE + 6]]), lineMap({ from: 3, shift: 1 }))).toEqual(entry([1, 6], [0, [8, BODY_LINE_BASE + 7]]));
  });

  test('a row without lines is dropped', () => {
    expect(rebasedEntry({ load: encodeLines([1]), tests: [[0]] }, lineMap())).toEqual({ load: encodeLines([1]), tests: [] });
  });

  test('the child marks stay', () => {
    expect(rebasedEntry({ ...entry([], [0, [3]]), child: [0] }, lineMap({ changed: [3] }))).toEqual({ load: [], tests: [], child: [0] });
  });
});
