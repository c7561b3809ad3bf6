import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { open } from 'lmdb';
import { ImpactStore } from '../../src/store/ImpactStore';
import { SCHEMA_VERSION, type SourceRecord, type StoreMeta, type TestFileRecord } from '../../src/store/schema';
import { PLANNING_INDEX_KEY } from '../../src/store/planningIndex';

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

/** The index as stored on disk, read with lmdb directly. */
function storedIndex(dir: string): unknown {
  const db = open({ path: path.join(dir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack', readOnly: true });
  try {
    const json = db.get(PLANNING_INDEX_KEY) as string | undefined;
    return json === undefined ? undefined : JSON.parse(json);
  } finally {
    void db.close();
  }
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
    // Entries in key order; each head's ids as JSON text, parsed when a run first asks for them.
    expect(storedIndex(dir)).toEqual({
      format: 3,
      sources: [
        ['src/a.js', [1, 10, 1]],
        ['src/b.js', [2, 20, 0]],
      ],
      dependencies: { 'data.json': ['d', 3, 30] },
      testFiles: [
        ['.\0a.test.js', { status: 'failed', framework: 'circus', hash: 'f', size: 1, mtimeMs: 1, durationMs: 1, dependencies: [['data.json', 'd', 1]], testCount: 3, ids: '["a","b","c"]', failed: [1], shaped: false }],
      ],
    });
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

  test('an index of an earlier format (objects by key, heads with the ids as arrays) is rebuilt from the records', () => {
    const { store } = ImpactStore.openForWriting(dir, META);
    write(store, { 'src/a.js': source(1, 10) });
    store.close();
    const earlier = {
      format: 2,
      sources: { 'src/a.js': [7, 70, 0] },
      dependencies: {},
      testFiles: { '.\0a.test.js': { status: 'passed', framework: 'circus', hash: 'x', size: 1, mtimeMs: 1, durationMs: 1, dependencies: [], ids: ['z'], failed: [], shaped: false } },
    };
    const db = open({ path: path.join(dir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack' });
    db.putSync(PLANNING_INDEX_KEY, JSON.stringify(earlier));
    void db.close();
    const reader = ImpactStore.openForReading(dir);
    expect(reader.sourceStats()).toEqual([['src/a.js', [1, 10, 0]]]);
    expect(reader.testFileHead('.', 'a.test.js')).toEqual(expect.objectContaining({ hash: 'f', testCount: 3 }));
    expect(reader.testIds('.', 'a.test.js')).toEqual(['a', 'b', 'c']);
    reader.close();
  });

  test('ids whose text no longer parses are read from the test file\'s record', () => {
    const { store } = ImpactStore.openForWriting(dir, META);
    write(store, { 'src/a.js': source(1, 10) });
    store.close();
    const stored = storedIndex(dir) as { testFiles: Array<[string, { ids: string }]> };
    stored.testFiles[0]![1].ids = '["a","b';
    const db = open({ path: path.join(dir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack' });
    db.putSync(PLANNING_INDEX_KEY, JSON.stringify(stored));
    void db.close();
    const reader = ImpactStore.openForReading(dir);
    expect(reader.testIds('.', 'a.test.js')).toEqual(['a', 'b', 'c']);
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
