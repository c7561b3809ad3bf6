import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { detectChanges } from '../../src/changes/detectChanges';
import { contentHash } from '../../src/changes/fingerprint';
import { ImpactStore } from '../../src/store/ImpactStore';
import { SCHEMA_VERSION, type StoreMeta } from '../../src/store/schema';

const META: Omit<StoreMeta, 'lastRun'> = { schema: SCHEMA_VERSION, packageVersion: '0.0.0', jestVersion: '30.0.0', nodeMajor: 20, configHashes: {} };

/** A store that recorded `a.test.js`, which read `data.json`, as they are on disk now. */
function recordedStore(root: string): ImpactStore {
  const stat = (file: string) => fs.statSync(path.join(root, file));
  const hash = (file: string) => contentHash(fs.readFileSync(path.join(root, file)));
  const { store } = ImpactStore.openForWriting(path.join(root, 'store'), META);
  store.writeTestFile({
    project: '.',
    testPath: 'a.test.js',
    record: {
      status: 'passed',
      framework: 'circus',
      hash: hash('a.test.js'),
      size: stat('a.test.js').size,
      mtimeMs: stat('a.test.js').mtimeMs,
      durationMs: 1,
      recordedAt: 1,
      tests: [{ id: 'reads', status: 'passed', durationMs: 1 }],
      dependencies: [['data.json', hash('data.json'), 0]],
    },
    testLines: [],
    loadLines: new Map(),
    sourceRecords: new Map(),
    dependencyRecords: new Map([['data.json', { hash: hash('data.json'), size: stat('data.json').size, mtimeMs: stat('data.json').mtimeMs }]]),
  });
  return store;
}

describe('test files and dependencies whose mtime moved but not their content', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'refreshed-stats-'));
    fs.writeFileSync(path.join(root, 'a.test.js'), "test('reads', () => {});\n");
    fs.writeFileSync(path.join(root, 'data.json'), '{ "rate": 7 }\n');
    for (const file of ['a.test.js', 'data.json']) fs.utimesSync(path.join(root, file), 1_700_000_000, 1_700_000_000);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('are read once: the run before the tests records their new stats, and the next run reads neither', () => {
    const store = recordedStore(root);
    // A branch switched back and forth, a fresh clone, a `touch`: same content, new mtimes.
    for (const file of ['a.test.js', 'data.json']) fs.utimesSync(path.join(root, file), 1_800_000_000, 1_800_000_000);
    const changes = detectChanges(store, root);
    expect(changes.sources).toEqual([]);
    expect(changes.testFileHashes.get('a.test.js')).toBe(store.testFileHead('.', 'a.test.js')!.hash);
    expect(changes.refreshedTestFiles).toEqual([{ project: '.', testPath: 'a.test.js', hash: store.testFileHead('.', 'a.test.js')!.hash, size: 25, mtimeMs: 1_800_000_000_000 }]);
    expect(changes.refreshedDependencies).toEqual([{ key: 'data.json', record: { hash: store.dependency('data.json')!.hash, size: 14, mtimeMs: 1_800_000_000_000 } }]);
    store.prepareRun({ dirty: [], rebases: [], refreshedSources: [], refreshedTestFiles: changes.refreshedTestFiles, refreshedDependencies: changes.refreshedDependencies });
    store.close();

    const next = ImpactStore.openForWriting(path.join(root, 'store'), META).store;
    expect(next.testFileHead('.', 'a.test.js')).toEqual(expect.objectContaining({ size: 25, mtimeMs: 1_800_000_000_000 }));
    expect(next.testFile('.', 'a.test.js')).toEqual(expect.objectContaining({ size: 25, mtimeMs: 1_800_000_000_000, tests: [{ id: 'reads', status: 'passed', durationMs: 1 }] }));
    expect(next.dependency('data.json')).toEqual({ hash: changes.refreshedDependencies[0]!.record.hash, size: 14, mtimeMs: 1_800_000_000_000 });
    const again = detectChanges(next, root);
    expect([again.refreshedTestFiles, again.refreshedDependencies]).toEqual([[], []]);
    next.close();
  });

  test('whose content changed too are changes, not refreshed', () => {
    const store = recordedStore(root);
    fs.writeFileSync(path.join(root, 'data.json'), '{ "rate": 8 }\n');
    fs.writeFileSync(path.join(root, 'a.test.js'), "test('reads', () => { expect(1).toBe(1); });\n");
    const changes = detectChanges(store, root);
    expect([changes.refreshedTestFiles, changes.refreshedDependencies]).toEqual([[], []]);
    expect(changes.testFileHashes.get('a.test.js')).not.toBe(store.testFileHead('.', 'a.test.js')!.hash);
    expect(changes.dependencyHashes.get('data.json')).toBe(contentHash('{ "rate": 8 }\n'));
    store.close();
  });
});
