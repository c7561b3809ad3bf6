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
