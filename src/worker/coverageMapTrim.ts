/**
 * Source maps without the mappings of istanbul's coverage function, for stack traces.
 *
 * An instrumented module starts with `function cov_<hash>() { ... }`, which builds the file's coverage
 * data: an object literal that Babel prints over thousands of lines (about 20,000 for a 2,600-line
 * module), every line with mappings to one and the same original position. Jest 29 and older map every
 * stack trace of a test file through source-map-support, which parses and sorts each map it meets anew
 * for each test file: on a suite whose tests check thrown errors (`toThrow` reads `error.stack`), the
 * coverage function's mappings made that parse cost as much again as the rest of the recording.
 * No stack frame can point into the coverage function (it only builds a literal and reads a global),
 * so a lookup anywhere else gets the same original position from the trimmed map.
 */
import { decode, encode } from '@jridgewell/sourcemap-codec';

/** 0-based first and last generated line of istanbul's coverage function, or undefined when there is none. */
export function coverageFunctionLines(code: string): [first: number, last: number] | undefined {
  const declaration = /^function (cov_[0-9a-z]+)\(\) \{$/m.exec(code);
  if (!declaration) return undefined;
  // The function's closing brace is the line before the module's first call of it: `cov_<hash>();`.
  const call = code.indexOf(`\n}\n${declaration[1]}();`, declaration.index);
  if (call < 0) return undefined;
  const first = newlinesBetween(code, 0, declaration.index);
  return [first, first + newlinesBetween(code, declaration.index, call + 1)];
}

/** The number of newlines in text[from, to). */
function newlinesBetween(text: string, from: number, to: number): number {
  let lines = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** A source map's `mappings` without any segment on generated lines `first`..`last` (0-based, inclusive). */
export function mappingsWithoutLines(mappings: string, first: number, last: number): string {
  const decoded = decode(mappings);
  for (let line = first; line <= last && line < decoded.length; line++) decoded[line] = [];
  return encode(decoded);
}
