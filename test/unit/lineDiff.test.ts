import { describe, expect, test } from '@jest/globals';
import { lineHashList, fingerprintSource } from '../../src/changes/fingerprint';
import { diffLineHashes, entryLineMap, mapLinesByTokens, movesNoEntryLine } from '../../src/changes/lineDiff';

const hashes = (source: string) => lineHashList(fingerprintSource(source).lineHashes);
const counts = (source: string) => fingerprintSource(source).lineTokenCounts;

const BASE = ['function f(x) {', '  const y = x + 1;', '  return y;', '}', '', 'module.exports = f;'].join('\n');

describe('diffLineHashes', () => {
  test.each([
    ['nothing', BASE, [], [], [[1, 1], [2, 2], [3, 3], [4, 4], [6, 6]]],
    ['a changed line', BASE.replace('x + 1', 'x + 2'), [2], [], [[1, 1], [3, 3], [4, 4], [6, 6]]],
    ['a deleted line', BASE.replace('  const y = x + 1;\n', ''), [2], [], [[1, 1], [3, 2], [4, 3], [6, 5]]],
    ['an inserted line', BASE.replace('  return y;', '  log(y);\n  return y;'), [], [2], [[1, 1], [2, 2], [3, 4], [4, 5], [6, 7]]],
    ['an inserted first line', `'use strict';\n${BASE}`, [], [0], [[1, 2], [2, 3], [3, 4], [4, 5], [6, 7]]],
    ['comment and blank lines', `// header\n\n${BASE.replace('  return y;', '  // why\n  return y;')}`, [], [], [[1, 3], [2, 4], [3, 6], [4, 7], [6, 9]]],
  ])('%s', (_name, edited, changed, inserted, mapped) => {
    const diff = diffLineHashes(hashes(BASE), hashes(edited));
    expect(diff.changedLines).toEqual(changed);
    expect(diff.insertedAfter).toEqual(inserted);
    expect([...diff.lineMap]).toEqual(mapped);
  });
});

describe('entryLineMap: where a rebase moves the line entries', () => {
  test('a line replaced one for one keeps its entries at its new number; a deleted line loses them', () => {
    const replaced = diffLineHashes(hashes(BASE), hashes(`// top\n${BASE.replace('x + 1', 'x + 2')}`));
    expect([...entryLineMap(replaced)].sort((a, b) => a[0] - b[0])).toEqual([[1, 2], [2, 3], [3, 4], [4, 5], [6, 7]]);
    const deleted = diffLineHashes(hashes(BASE), hashes(BASE.replace('  const y = x + 1;\n', '')));
    expect([...entryLineMap(deleted)].sort((a, b) => a[0] - b[0])).toEqual([[1, 1], [3, 2], [4, 3], [6, 5]]);
  });

  test('an edit that replaces lines in place moves no entry; a deletion, an insertion or a shift does', () => {
    expect(movesNoEntryLine(diffLineHashes(hashes(BASE), hashes(BASE.replace('x + 1', 'x + 2'))))).toBe(true);
    expect(movesNoEntryLine(diffLineHashes(hashes(BASE), hashes(BASE.replace('  const y = x + 1;\n', ''))))).toBe(false);
    expect(movesNoEntryLine(diffLineHashes(hashes(BASE), hashes(BASE.replace('  return y;', '  log(y);\n  return y;'))))).toBe(false);
    expect(movesNoEntryLine(diffLineHashes(hashes(BASE), hashes(`// top\n${BASE.replace('x + 1', 'x + 2')}`)))).toBe(false);
  });

  test('two lines replaced by three keep none of their entries', () => {
    const diff = diffLineHashes(hashes(BASE), hashes(BASE.replace('  const y = x + 1;\n  return y;', '  const y = x + 2;\n  log(y);\n  return y + 0;')));
    expect([...entryLineMap(diff)].sort((a, b) => a[0] - b[0])).toEqual([[1, 1], [4, 5], [6, 7]]);
  });
});

describe('mapLinesByTokens', () => {
  test('a reformat maps each old line to the line its first token moved to', () => {
    const reformatted = 'function f(x) { const y = x + 1;\n  return y; }\n\nmodule.exports = f;\n';
    expect(fingerprintSource(reformatted).tokenHash).toBe(fingerprintSource(BASE).tokenHash);
    expect([...mapLinesByTokens(counts(BASE), counts(reformatted))]).toEqual([[1, 1], [2, 1], [3, 2], [4, 2], [6, 4]]);
  });
});
