import { describe, expect, test } from '@jest/globals';
import { countEncodedIn, decodeLines, encodeLines } from '../../src/store/lineEncoding';

describe('gap encoding of sorted lines', () => {
  test.each([
    [[], []],
    [[1], [1]],
    [[3, 4, 10, 200], [3, 1, 6, 190]],
  ])('%j <-> %j', (lines, encoded) => {
    expect(encodeLines(lines)).toEqual(encoded);
    expect(decodeLines(encoded)).toEqual(lines);
  });

  test('rejects lines that are not strictly increasing', () => {
    expect(() => encodeLines([4, 4])).toThrow('Expected strictly increasing lines, got 4 after 4');
  });
});

describe('countEncodedIn', () => {
  test('counts the encoded lines that are in the set, from an offset on', () => {
    expect(countEncodedIn(encodeLines([3, 4, 10, 200]), new Set([4, 200, 5]))).toBe(2);
    expect(countEncodedIn([7, ...encodeLines([3, 4, 10])], new Set([3, 7]), 1)).toBe(1);
    expect(countEncodedIn([], new Set([1]))).toBe(0);
  });
});
