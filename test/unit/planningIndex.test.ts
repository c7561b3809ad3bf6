import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { open } from 'lmdb';
import { ImpactStore } from '../../src/store/ImpactStore';
import { SCHEMA_VERSION, type SourceRecord, type StoreMeta, type TestFileRecord } from '../../src/store/schema';
import { PLANNING_IDS_KEY, PLANNING_INDEX_KEY } from '../../src/store/planningIndex';
import { asciiJson } from '../../src/store/planningIndexLayout';

const META: Omit<StoreMeta, 'lastRun'> = { schema: SCHEMA_VERSION, packageVersion: '0.0.0', jestVersion: '30.0.0', nodeMajor: 20, configHashes: {} };

function source(size: number, mtimeMs: number, stale = false): SourceRecord {
  return { hash: `h${size}`, size, mtimeMs, ...(stale ? { stale } : {}), tokenHash: 't', lineHashes: Buffer.alloc(0), lineTokenCounts: [], moduleLines: [], statementLines: [], functions: [] };
}

const RECORD: Omit<TestFileRecord, 'sources'> = {
  status: 'failed',
  framework: 'circus',
  hash: 'f',
  size: 1,
  mtimeMs: 1,
  durationMs: 1,
  recordedAt: 1,
  tests: [
    { id: 'a', status: 'passed', durationMs: 1 },
    { id: 'b', status: 'failed', durationMs: 1 },
    { id: 'c', status: 'passed', durationMs: 1 },
  ],
  dependencies: [['data.json', 'd', 1]],
};

/** One test file's write, with the source and dependency records it brings. */
function write(store: ImpactStore, sources: Record<string, SourceRecord>, dependencies: Record<string, { hash: string; size: number; mtimeMs: number }> = {}) {
  store.writeTestFile({
    project: '.',
    testPath: 'a.test.js',
    record: RECORD,
    testLines: [],
    loadLines: new Map(),
    sourceRecords: new Map(Object.entries(sources)),
    dependencyRecords: new Map(Object.entries(dependencies)),
  });
}

/** The index as stored on disk, read with lmdb directly: the index's JSON, and the ids record as text. */
function storedIndex(dir: string): { index: unknown; ids: [number, string] } | undefined {
  const db = open({ path: path.join(dir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack', readOnly: true });
  try {
    const index = db.get(PLANNING_INDEX_KEY) as Buffer | undefined;
    const ids = db.get(PLANNING_IDS_KEY) as [number, Buffer] | undefined;
    if (index === undefined && ids === undefined) return undefined;
    return { index: index && JSON.parse(Buffer.from(index).toString('latin1')), ids: ids && [ids[0], Buffer.from(ids[1]).toString('utf8')] } as { index: unknown; ids: [number, string] };
  } finally {
    void db.close();
  }
}

/** A store that recorded a.test.js, closed; its index as stored. */
function recordOneFile(dir: string): { index: unknown; ids: [number, string] } {
  const { store } = ImpactStore.openForWriting(dir, META);
  write(store, { 'src/a.js': source(1, 10) });
  store.close();
  return storedIndex(dir)!;
}

/** Writes values under the index's keys, as another version or a damaged store would have them. */
function putStored(dir: string, values: Array<[string[], unknown]>): void {
  const db = open({ path: path.join(dir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack' });
  for (const [key, value] of values) db.putSync(key, value);
  void db.close();
}

describe('the planning index of sources, dependencies and test files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planning-index-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a closed store keeps an index equal to its records; the next handle reads it', () => {
    const { store } = ImpactStore.openForWriting(dir, META);
    write(store, { 'src/b.js': source(2, 20), 'src/a.js': source(1, 10, true) }, { 'data.json': { hash: 'd', size: 3, mtimeMs: 30 } });
    store.close();
    // Entries in key order; the tests' ids apart, each head with the range of its own.
    const stored = storedIndex(dir)!;
    expect(stored.index).toEqual({
      format: 4,
      stamp: stored.ids[0],
      sources: [
        ['src/a.js', [1, 10, 1]],
        ['src/b.js', [2, 20, 0]],
      ],
      dependencies: { 'data.json': ['d', 3, 30] },
      testFiles: [['.\0a.test.js', { status: 'failed', framework: 'circus', hash: 'f', size: 1, mtimeMs: 1, durationMs: 1, dependencies: [['data.json', 'd', 1]], testCount: 3, idsAt: [1, 14], failed: [1], shaped: false }]],
    });
    expect(stored.ids[1]).toBe('[["a","b","c"]]');
    const reader = ImpactStore.openForReading(dir);
    expect(reader.sourceStats()).toEqual([
      ['src/a.js', [1, 10, 1]],
      ['src/b.js', [2, 20, 0]],
    ]);
    expect(reader.dependency('data.json')).toEqual({ hash: 'd', size: 3, mtimeMs: 30 });
    expect(reader.testFileHeads()).toEqual([{ project: '.', testPath: 'a.test.js', head: expect.objectContaining({ hash: 'f', testCount: 3, failed: [1] }) }]);
    expect(reader.testIds('.', 'a.test.js')).toEqual(['a', 'b', 'c']);
    expect(reader.testIds('.', 'other.test.js')).toBeUndefined();
    reader.close();
  });

  test('a handle that writes and never closes (a killed run) leaves no index; the next one builds it from the records', () => {
    const first = ImpactStore.openForWriting(dir, META).store;
    write(first, { 'src/a.js': source(1, 10) });
    first.close();
    expect(storedIndex(dir)).toBeDefined();
    const killed = ImpactStore.openForWriting(dir, META).store;
    expect(killed.sourceStats()).toEqual([['src/a.js', [1, 10, 0]]]);
    write(killed, { 'src/a.js': source(5, 50), 'src/c.js': source(3, 30) });
    // The run's own reads see its writes.
    expect(killed.sourceStats()).toEqual([
      ['src/a.js', [5, 50, 0]],
      ['src/c.js', [3, 30, 0]],
    ]);
    expect(storedIndex(dir)).toBeUndefined();
    const next = ImpactStore.openForReading(dir);
    expect(next.sourceStats()).toEqual([
      ['src/a.js', [5, 50, 0]],
      ['src/c.js', [3, 30, 0]],
    ]);
    next.close();
  });

  test('an index of an earlier format (one JSON text, objects by key) is rebuilt from the records', () => {
    recordOneFile(dir);
    const earlier = {
      format: 3,
      sources: [['src/a.js', [7, 70, 0]]],
      dependencies: {},
      testFiles: [['.\0a.test.js', { status: 'passed', framework: 'circus', hash: 'x', size: 1, mtimeMs: 1, durationMs: 1, dependencies: [], testCount: 1, ids: '["z"]', failed: [], shaped: false }]],
    };
    putStored(dir, [[PLANNING_INDEX_KEY, JSON.stringify(earlier)]]);
    const reader = ImpactStore.openForReading(dir);
    expect(reader.sourceStats()).toEqual([['src/a.js', [1, 10, 0]]]);
    expect(reader.testFileHead('.', 'a.test.js')).toEqual(expect.objectContaining({ hash: 'f', testCount: 3 }));
    expect(reader.testIds('.', 'a.test.js')).toEqual(['a', 'b', 'c']);
    reader.close();
  });

  test('an ids record of another write than the index (its stamp differs) is not read: the index is rebuilt', () => {
    const stored = recordOneFile(dir);
    putStored(dir, [[PLANNING_IDS_KEY, [stored.ids[0] + 1, Buffer.from('[["x","y","z"]]')]]]);
    const reader = ImpactStore.openForReading(dir);
    expect(reader.testIds('.', 'a.test.js')).toEqual(['a', 'b', 'c']);
    reader.close();
  });

  test("ids that no longer parse as the head's are read from the test file's record", () => {
    const stored = recordOneFile(dir);
    for (const damaged of ['["a","b', '["a","b"]', '["a","b",3]']) {
      putStored(dir, [[PLANNING_IDS_KEY, [stored.ids[0], Buffer.from(`[${damaged.padEnd(13)}]`)]]]);
      const reader = ImpactStore.openForReading(dir);
      expect(reader.testIds('.', 'a.test.js')).toEqual(['a', 'b', 'c']);
      reader.close();
    }
  });

  test('a run that reads many test files\' ids reads the rest in one parse, each file\'s own', () => {
    const { store } = ImpactStore.openForWriting(dir, META);
    const files = Array.from({ length: 50 }, (_, index) => `t${String(index).padStart(2, '0')}.test.js`);
    const idsOfFile = (file: string) => Array.from({ length: (file.length % 3) + 1 + Number(file.slice(1, 3)) % 4 }, (_, index) => `${file} › test ${index}`);
    for (const testPath of files) {
      store.writeTestFile({
        project: '.',
        testPath,
        record: { ...RECORD, tests: idsOfFile(testPath).map((id) => ({ id, status: 'passed' as const, durationMs: 1 })) },
        testLines: [],
        loadLines: new Map(),
        sourceRecords: new Map(),
        dependencyRecords: new Map(),
      });
    }
    store.close();
    // One file's array damaged: that file's ids come from its record; the others from the one parse.
    const stored = storedIndex(dir)!;
    const arrays = JSON.parse(stored.ids[1]) as string[][];
    arrays[45] = ['wrong'];
    const index = stored.index as { testFiles: Array<[string, { idsAt: [number, number] }]> };
    const text = `[${arrays.map((ids) => asciiJson(ids)).join(',')}]`;
    let at = 1;
    index.testFiles.forEach(([, head], position) => {
      const length = asciiJson(arrays[position]).length;
      head.idsAt = [at, at + length];
      at += length + 1;
    });
    putStored(dir, [
      [PLANNING_INDEX_KEY, Buffer.from(JSON.stringify(index))],
      [PLANNING_IDS_KEY, [stored.ids[0], Buffer.from(text)]],
    ]);
    const reader = ImpactStore.openForReading(dir);
    expect(files.map((file) => reader.testIds('.', file))).toEqual(files.map(idsOfFile));
    reader.close();
  });

  test('titles outside ASCII are stored escaped in the index and read back as they were', () => {
    const { store } = ImpactStore.openForWriting(dir, META);
    store.writeTestFile({
      project: '.',
      testPath: 'tëst/ä.test.js',
      record: { ...RECORD, tests: [{ id: 'suite › größer 😀', status: 'passed', durationMs: 1 }], error: 'Ünexpected' },
      testLines: [],
      loadLines: new Map(),
      sourceRecords: new Map([['src/ü.js', source(1, 10)]]),
      dependencyRecords: new Map(),
    });
    store.close();
    const db = open({ path: path.join(dir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack', readOnly: true });
    const bytes = Buffer.from(db.get(PLANNING_INDEX_KEY) as Buffer);
    void db.close();
    expect(bytes.every((byte) => byte < 0x80)).toBe(true);
    const reader = ImpactStore.openForReading(dir);
    expect(reader.sourceStats().map(([source]) => source)).toEqual(['src/ü.js']);
    expect(reader.testFileHeads().map(({ testPath, head }) => [testPath, head.error])).toEqual([['tëst/ä.test.js', 'Ünexpected']]);
    expect(reader.testIds('.', 'tëst/ä.test.js')).toEqual(['suite › größer 😀']);
    reader.close();
  });

  test('exports leave the index out', () => {
    const { store } = ImpactStore.openForWriting(dir, META);
    write(store, { 'src/a.js': source(1, 10) });
    store.close();
    const reader = ImpactStore.openForReading(dir);
    expect([...reader.entries()].map(([key]) => key[0])).toEqual(['file', 'meta', 'source']);
    reader.close();
  });
});

describe('two handles that write in turn (a watch run and a CLI import, two shards)', () => {
  test('the index a handle saves never misses what the other handle wrote', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planning-index-'));
    try {
      const seed = ImpactStore.openForWriting(dir, META).store;
      write(seed, { 'src/a.js': source(1, 10) });
      seed.close();
      const first = ImpactStore.openForWriting(dir, META).store;
      expect(first.sourceStats()).toEqual([['src/a.js', [1, 10, 0]]]);
      // The other handle writes and saves while the first one holds the old copy.
      const second = ImpactStore.openForWriting(dir, META).store;
      write(second, { 'src/b.js': source(2, 20) });
      second.close();
      write(first, { 'src/c.js': source(3, 30) });
      expect(first.sourceStats()).toEqual([
        ['src/a.js', [1, 10, 0]],
        ['src/b.js', [2, 20, 0]],
        ['src/c.js', [3, 30, 0]],
      ]);
      first.close();
      const reader = ImpactStore.openForReading(dir);
      expect(reader.sourceStats()).toEqual([
        ['src/a.js', [1, 10, 0]],
        ['src/b.js', [2, 20, 0]],
        ['src/c.js', [3, 30, 0]],
      ]);
      reader.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a handle that saves after another wrote behind it leaves no index', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planning-index-'));
    try {
      const first = ImpactStore.openForWriting(dir, META).store;
      expect(first.sourceStats()).toEqual([]);
      write(first, { 'src/a.js': source(1, 10) });
      const second = ImpactStore.openForWriting(dir, META).store;
      write(second, { 'src/b.js': source(2, 20) });
      // The first handle's copy lacks src/b.js: it must not be saved as the index.
      first.close();
      expect(storedIndex(dir)).toBeUndefined();
      second.close();
      const reader = ImpactStore.openForReading(dir);
      expect(reader.sourceStats()).toEqual([
        ['src/a.js', [1, 10, 0]],
        ['src/b.js', [2, 20, 0]],
      ]);
      reader.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
