import { describe, expect, test } from '@jest/globals';
import { fingerprintSource, lineHashList } from '../../src/changes/fingerprint';
import { diffFingerprints } from '../../src/changes/lineDiff';
import { recordedTestSpans, testSpansOf, UNKNOWN_TESTS } from '../../src/changes/testSpans';
import { impactOfTestFileChange } from '../../src/select/testFileImpact';
import type { TestFileRecord } from '../../src/store/schema';

const SEPARATOR = ' › ';

// Lines:
//  1 const { sum } = require('./sum');
//  2
//  3 describe('sum', () => {
//  4   test('adds', () => {
//  5     expect(sum(1, 2)).toBe(3);
//  6   });
//  7   it.failing(`adds zero`, () => expect(sum(1, 0)).toBe(1));
//  8   const helper = () => 1;
//  9 });
// 10 test('adds', () => {
// 11   expect(sum(2, 2)).toBe(4);
// 12 });
// 13 test.each([[1], [2]])('row %i', (n) => {
// 14   expect(sum(n, 0)).toBe(n);
// 15 });
// 16 for (const n of [1, 2]) {
// 17   test('in a loop', () => expect(n).toBeGreaterThan(0));
// 18 }
// 19 describe(name, () => {
// 20   test('under a computed describe', () => {});
// 21 });
// 22 test('adds', () => {});
const SOURCE = [
  "const { sum } = require('./sum');",
  '',
  "describe('sum', () => {",
  "  test('adds', () => {",
  '    expect(sum(1, 2)).toBe(3);',
  '  });',
  '  it.failing(`adds zero`, () => expect(sum(1, 0)).toBe(1));',
  '  const helper = () => 1;',
  '});',
  "test('adds', () => {",
  '  expect(sum(2, 2)).toBe(4);',
  '});',
  "test.each([[1], [2]])('row %i', (n) => {",
  '  expect(sum(n, 0)).toBe(n);',
  '});',
  'for (const n of [1, 2]) {',
  "  test('in a loop', () => expect(n).toBeGreaterThan(0));",
  '}',
  'describe(name, () => {',
  "  test('under a computed describe', () => {});",
  '});',
  "test('adds', () => {});",
].join('\n');

/** The ids the runner records for SOURCE (describe chain and title, " #n" for repeats), in order. */
const IDS = ['sum › adds', 'sum › adds zero', 'adds', 'row 1', 'row 2', 'in a loop', 'in a loop #2', 'dyn › under a computed describe', 'adds #2'];

describe('testSpansOf', () => {
  test('names the tests whose title path is certain and leaves the others untitled', () => {
    expect(testSpansOf('a.test.js', SOURCE)).toEqual([
      { start: 4, end: 6, titlePath: ['sum', 'adds'] },
      { start: 7, end: 7, titlePath: ['sum', 'adds zero'] },
      { start: 10, end: 12, titlePath: ['adds'] },
      { start: 13, end: 15 },
      { start: 17, end: 17 },
      { start: 20, end: 20 },
      { start: 22, end: 22, titlePath: ['adds'] },
    ]);
  });

  test('parses TypeScript test files', () => {
    expect(testSpansOf('a.test.ts', "const n: number = 1;\ntest('typed', () => {\n  expect(n as number).toBe(1);\n});\n")).toEqual([
      { start: 2, end: 4, titlePath: ['typed'] },
    ]);
  });

  test('a file that does not parse has no spans', () => {
    expect(testSpansOf('a.test.js', "test('x', () => {")).toBeUndefined();
  });
});

describe('recordedTestSpans', () => {
  test('a titled span stands for every recorded repeat of its title path; an untitled or unmatched one for unknown tests', () => {
    const spans = testSpansOf('a.test.js', SOURCE)!;
    expect(recordedTestSpans(spans, IDS, SEPARATOR)).toEqual([
      [4, 6, 0],
      [7, 7, 1],
      [10, 12, 2, 8],
      [13, 15, UNKNOWN_TESTS],
      [17, 17, UNKNOWN_TESTS],
      [20, 20, UNKNOWN_TESTS],
      [22, 22, 2, 8],
    ]);
    expect(recordedTestSpans([{ start: 1, end: 2, titlePath: ['not recorded'] }], IDS, SEPARATOR)).toEqual([[1, 2, UNKNOWN_TESTS]]);
  });
});

describe('impactOfTestFileChange (rule 3)', () => {
  const record = {
    tests: IDS.map((id) => ({ id, status: 'passed', durationMs: 1 })),
    testSpans: recordedTestSpans(testSpansOf('a.test.js', SOURCE)!, IDS, SEPARATOR),
  } as unknown as TestFileRecord;

  const fingerprintOf = (source: string) => {
    const { tokenHash, lineHashes } = fingerprintSource(source);
    return { tokenHash, lineHashes: lineHashList(lineHashes) };
  };
  const impactOf = (edited: string) => impactOfTestFileChange(record, diffFingerprints(fingerprintOf(SOURCE), fingerprintOf(edited)));
  const edit = (from: string, to: string) => {
    expect(SOURCE.split(from)).toHaveLength(2);
    return SOURCE.replace(from, to);
  };

  test.each([
    ['a line inside one test', edit('toBe(3)', 'toBe(4)'), { kind: 'tests', ids: ['sum › adds'] }],
    ['a line inserted inside one test', edit('    expect(sum(1, 2))', '    expect(1).toBe(1);\n    expect(sum(1, 2))'), { kind: 'tests', ids: ['sum › adds'] }],
    ['a renamed test (its old id runs; the new one is unknown and runs anyway)', edit("it.failing(`adds zero`", "it.failing(`adds nothing`"), { kind: 'tests', ids: ['sum › adds zero'] }],
    ['a test whose title repeats: every repeat', edit('toBe(4)', 'toBe(5)'), { kind: 'tests', ids: ['adds', 'adds #2'] }],
    ['the imports', edit("require('./sum')", "require('./sum.js')"), { kind: 'all' }],
    ['code of a describe body outside its tests', edit('const helper = () => 1;', 'const helper = () => 2;'), { kind: 'all' }],
    ['a line inserted between two tests', edit("  });\n  it.failing", "  });\n  beforeEach(() => {});\n  it.failing"), { kind: 'all' }],
    ['a test.each row', edit('toBe(n);', 'toBe(n + 0);'), { kind: 'all' }],
    ['a test defined in a loop', edit('toBeGreaterThan(0)', 'toBeGreaterThan(-1)'), { kind: 'all' }],
    ['a comment and a reformat', edit('    expect(sum(1, 2)).toBe(3);', '    // three\n    expect(sum(1, 2))\n      .toBe(3);'), { kind: 'none' }],
  ])('%s', (_name, edited, expected) => {
    expect(impactOf(edited)).toEqual(expected);
  });

  test('a test file recorded without spans, or whose changes cannot be told, runs whole', () => {
    expect(impactOfTestFileChange({ ...record, testSpans: undefined }, { changedLines: [5], insertedAfter: [], lineMap: new Map(), replacedBy: new Map() })).toEqual({ kind: 'all' });
    expect(impactOfTestFileChange(record, undefined)).toEqual({ kind: 'all' });
  });
});
