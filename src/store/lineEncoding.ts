/**
 * Sorted line lists are stored as gaps: [first, second - first, ...]. Small numbers keep msgpack
 * records short (most gaps fit in one byte).
 */
export function encodeLines(sortedLines: readonly number[]): number[] {
  const encoded = new Array<number>(sortedLines.length);
  let previous = 0;
  for (let i = 0; i < sortedLines.length; i++) {
    const line = sortedLines[i]!;
    if (line <= previous && i > 0) throw new RangeError(`Expected strictly increasing lines, got ${line} after ${previous}`);
    encoded[i] = line - previous;
    previous = line;
  }
  return encoded;
}

export function decodeLines(encoded: readonly number[]): number[] {
  const lines = new Array<number>(encoded.length);
  let previous = 0;
  for (let i = 0; i < encoded.length; i++) {
    previous += encoded[i]!;
    lines[i] = previous;
  }
  return lines;
}

/**
 * How many of the lines an encoded list holds (from index `from` on: a line entry's test row starts with
 * the test's index) are in `lines`, without decoding it into an array.
 */
export function countEncodedIn(encoded: readonly number[], lines: ReadonlySet<number>, from = 0): number {
  let line = 0;
  let count = 0;
  for (let i = from; i < encoded.length; i++) {
    line += encoded[i]!;
    if (lines.has(line)) count++;
  }
  return count;
}

/**
 * Lines from this base up stand for the one-line function bodies of a module-level line: `n` records
 * that a test executed a function whose body sits on line `n - BODY_LINE_BASE`, a line that also holds
 * module-level code. An edit that stays inside such a body impacts only the tests that executed it
 * (DESIGN.md §4 rule 5), not every test that loaded the module. They live in the same rows as the lines,
 * after them, and are not lines of the file: readers that show lines leave them out.
 */
export const BODY_LINE_BASE = 1 << 24;

export const bodyLineOf = (line: number): number => BODY_LINE_BASE + line;

export const isBodyLine = (line: number): boolean => line >= BODY_LINE_BASE;
