import * as zlib from 'node:zlib';
import { describe, expect, test } from '@jest/globals';
import { decodeExport, encodeExport, mergeExports, type StoreEntry, type StoreExport } from '../../src/store/portable';
import { SCHEMA_VERSION } from '../../src/store/schema';

const meta = (finishedAt: number, configHash = 'c1') => ({ schema: SCHEMA_VERSION, packageVersion: '0.1.0', jestVersion: '30.5.2', nodeMajor: 20, configHashes: { '.': configHash }, lastRun: { finishedAt } });
const fileRecord = (recordedAt: number, ids: string[]) => ({ status: 'passed', recordedAt, tests: ids.map((id) => ({ id, status: 'passed', durationMs: 1 })) });
const source = (hash: string) => ({ hash, size: 10, mtimeMs: 5, tokenHash: hash, lineHashes: Buffer.from([0, 0, 0, 1]), lineTokenCounts: [1], moduleLines: [], statementLines: [1], functions: [] });

function exportOf(entries: StoreEntry[]): StoreExport {
  return decodeExport(encodeExport(entries), 'shard.jri');
}

describe('export format', () => {
  test('round-trips keys, values and Buffers', () => {
    const entries: StoreEntry[] = [
      [['meta'], meta(1)],
      [['source', 'src/a.js'], source('h1')],
    ];
    const document = exportOf(entries);
    expect(document.entries).toEqual(entries);
    expect(Buffer.isBuffer((document.entries[1]![1] as { lineHashes: Buffer }).lineHashes)).toBe(true);
  });

  test.each([
    ['not gzip', Buffer.from('hello'), /got a file that is not gzipped JSON/],
    ['gzipped JSON of another kind', zlib.gzipSync('{"a":1}'), /got JSON of another kind/],
    ['another schema', zlib.gzipSync(JSON.stringify({ format: 'jest-runner-impact-store', formatVersion: 1, schema: SCHEMA_VERSION + 1, entries: [] })), /got format 1 and schema/],
  ])('refuses %s, naming the problem', (_name, content, message) => {
    expect(() => decodeExport(content, 'x.jri')).toThrow(message);
  });
});

describe('mergeExports', () => {
  const shardA: StoreEntry[] = [
    [['meta'], meta(100)],
    [['file', '.', 'test/a.test.js'], fileRecord(10, ['a'])],
    [['lines', 'src/a.js', '.', 'test/a.test.js'], { load: [1], tests: [[0, 2]] }],
    [['file', '.', 'test/shared.test.js'], fileRecord(5, ['old'])],
    [['lines', 'src/a.js', '.', 'test/shared.test.js'], { load: [], tests: [[0, 9]] }],
    [['source', 'src/a.js'], source('h1')],
    [['source', 'src/b.js'], source('b1')],
    [['dep', 'src/rates.json'], { hash: 'r1', size: 3, mtimeMs: 1 }],
    [['dirty', '.', 'test/a.test.js'], { all: false, tests: ['a'] }],
    [['dirty', '.', 'test/shared.test.js'], { all: true, tests: [] }],
    [['dirty', '.', 'test/new.test.js'], { all: false, tests: ['n1'] }],
  ];
  const shardB: StoreEntry[] = [
    [['meta'], meta(200)],
    [['file', '.', 'test/b.test.js'], fileRecord(20, ['b'])],
    [['lines', 'src/b.js', '.', 'test/b.test.js'], { load: [], tests: [[0, 3]] }],
    [['file', '.', 'test/shared.test.js'], fileRecord(30, ['new'])],
    [['lines', 'src/b.js', '.', 'test/shared.test.js'], { load: [2], tests: [] }],
    [['source', 'src/a.js'], source('h1')],
    [['source', 'src/b.js'], source('b2')],
    [['dep', 'src/rates.json'], { hash: 'r2', size: 3, mtimeMs: 2 }],
    // Imported with the same record of a.test.js, which neither shard ran.
    [['file', '.', 'test/a.test.js'], fileRecord(10, ['a'])],
    [['lines', 'src/a.js', '.', 'test/a.test.js'], { load: [1], tests: [[0, 2]] }],
    [['dirty', '.', 'test/a.test.js'], { all: false, tests: ['z'] }],
    [['dirty', '.', 'test/new.test.js'], { all: false, tests: ['n2'] }],
  ];

  test('unites the shards: each test file with the lines and dirty marks of its latest recording, changed versions marked', () => {
    const merged = mergeExports([
      { file: 'a.jri', document: exportOf(shardA) },
      { file: 'b.jri', document: exportOf(shardB) },
    ]);
    const byKey = Object.fromEntries(merged.map(([key, value]) => [key.join(' '), value]));
    expect(Object.keys(byKey).sort()).toEqual([
      'dep src/rates.json',
      'dirty . test/a.test.js',
      'dirty . test/new.test.js',
      'file . test/a.test.js',
      'file . test/b.test.js',
      'file . test/shared.test.js',
      'lines src/a.js . test/a.test.js',
      'lines src/b.js . test/b.test.js',
      'lines src/b.js . test/shared.test.js',
      'meta',
      'source src/a.js',
      'source src/b.js',
    ]);
    expect(byKey['file . test/shared.test.js']).toEqual(fileRecord(30, ['new']));
    expect(byKey['meta']).toEqual(meta(200));
    expect(byKey['source src/a.js']).toEqual(source('h1'));
    expect(byKey['source src/b.js']).toEqual({ ...source('b2'), stale: true });
    expect(byKey['dep src/rates.json']).toEqual({ hash: 'r2', size: -1, mtimeMs: -1 });
    // Marks of the exports holding a file's latest record (both hold a.test.js's; B ran shared.test.js
    // and cleared its mark); of every export when none has a record.
    expect(byKey['dirty . test/a.test.js']).toEqual({ all: false, tests: ['a', 'z'] });
    expect(byKey['dirty . test/new.test.js']).toEqual({ all: false, tests: ['n1', 'n2'] });
  });

  test('recorded coverage: one shape per source; a file counted against another shape loses its coverage', () => {
    const shape = (hash: string) => ({ hash, shape: { statementMap: {}, fnMap: {}, branchMap: {} } });
    const withCoverage = (recordedAt: number, ids: string[], coverage: string[]) => ({ ...fileRecord(recordedAt, ids), coverage });
    const counters = { s: [0, 1], f: [], b: [] };
    const a: StoreEntry[] = [
      [['meta'], meta(100)],
      [['file', '.', 'test/a.test.js'], withCoverage(10, ['a'], ['src/a.js', 'src/b.js'])],
      [['coverageShape', 'src/a.js'], shape('sa')],
      [['coverageShape', 'src/b.js'], shape('old-b')],
      [['coverageCounters', 'src/a.js', '.', 'test/a.test.js'], counters],
      [['coverageCounters', 'src/b.js', '.', 'test/a.test.js'], counters],
    ];
    const b: StoreEntry[] = [
      [['meta'], meta(200)],
      [['file', '.', 'test/b.test.js'], withCoverage(20, ['b'], ['src/a.js', 'src/b.js'])],
      [['coverageShape', 'src/a.js'], shape('sa')],
      [['coverageShape', 'src/b.js'], shape('new-b')],
      [['coverageCounters', 'src/a.js', '.', 'test/b.test.js'], counters],
      [['coverageCounters', 'src/b.js', '.', 'test/b.test.js'], counters],
    ];
    const merged = mergeExports([
      { file: 'a.jri', document: exportOf(a) },
      { file: 'b.jri', document: exportOf(b) },
    ]);
    const byKey = Object.fromEntries(merged.map(([key, value]) => [key.join(' '), value]));
    expect(Object.keys(byKey).filter((key) => key.startsWith('coverage')).sort()).toEqual([
      'coverageCounters src/a.js . test/b.test.js',
      'coverageCounters src/b.js . test/b.test.js',
      'coverageShape src/a.js',
      'coverageShape src/b.js',
    ]);
    expect(byKey['coverageShape src/b.js']).toEqual(shape('new-b'));
    expect(byKey['file . test/a.test.js']).toEqual(fileRecord(10, ['a']));
    expect(byKey['file . test/b.test.js']).toEqual(withCoverage(20, ['b'], ['src/a.js', 'src/b.js']));
  });

  test('refuses exports of different Jest configs', () => {
    const other: StoreEntry[] = [[['meta'], meta(300, 'c2')]];
    expect(() =>
      mergeExports([
        { file: 'a.jri', document: exportOf(shardA) },
        { file: 'c.jri', document: exportOf(other) },
      ]),
    ).toThrow('Expected exports recorded with one Jest config, got different configs of the project among a.jri, c.jri.');
  });
});
