import { describe, expect, test } from '@jest/globals';
import { decodeLines, encodeLines } from '../../src/store/lineEncoding';

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
