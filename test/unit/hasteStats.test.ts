import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { knownUnchanged } from '../../src/changes/knownStats';
import { hasteStatsOf } from '../../src/jest/hasteStats';

/** The jest-haste-map of this repository's Jest and of every older Jest the end-to-end tests installed. */
const hasteMaps = [
  ['root', require.resolve('jest-haste-map')],
  ...['jest27', 'jest28', 'jest29', 'jest30']
    .map((install) => [install, path.join(__dirname, '..', '.work', 'installs', install, 'node_modules', 'jest-haste-map')])
    .filter(([, dir]) => fs.existsSync(dir!)),
] as Array<[string, string]>;

type HasteMapModule = { create?: (options: object) => Promise<HasteMapInstance> | HasteMapInstance; new (options: object): HasteMapInstance };
type HasteMapInstance = { build(): Promise<{ hasteFS: unknown }> };

/** A real haste map of `rootDir`, built by that Jest's jest-haste-map with the node crawler. */
async function hasteFSOf(modulePath: string, rootDir: string, cacheDirectory: string): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(modulePath) as { default?: HasteMapModule } & HasteMapModule;
  const HasteMap = loaded.default ?? loaded;
  const options = {
    id: 'hasteStats-test',
    name: 'hasteStats-test',
    extensions: ['js', 'json', 'snap'],
    maxWorkers: 1,
    platforms: [],
    rootDir,
    roots: [rootDir],
    cacheDirectory,
    resetCache: true,
    retainAllFiles: false,
    useWatchman: false,
    throwOnModuleCollision: false,
  };
  const map = typeof HasteMap.create === 'function' ? await HasteMap.create(options) : new HasteMap(options);
  return (await map.build()).hasteFS;
}

describe.each(hasteMaps)('hasteStatsOf: the sizes and mtimes of the haste map of Jest (%s)', (_name, modulePath) => {
  const rootDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'haste-stats-')));
  const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'haste-cache-'));
  afterAll(() => {
    fs.rmSync(rootDir, { recursive: true, force: true });
    fs.rmSync(cacheDirectory, { recursive: true, force: true });
  });
  const files = { 'src/sum.js': 'module.exports = (a, b) => a + b;\n', 'src/rates.json': '{ "US": 0.07 }\n', 'test/__snapshots__/sum.test.js.snap': '// Jest Snapshot v1\n', 'notes.txt': 'not a module\n' };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(rootDir, file)), { recursive: true });
    fs.writeFileSync(path.join(rootDir, file), text);
    // An mtime with a fraction of a millisecond, as the store records it.
    fs.utimesSync(path.join(rootDir, file), 1_700_000_000.123456, 1_700_000_000.123456);
  }

  test('a file of the map has its size and mtime (to the millisecond); other files are unknown', async () => {
    const known = hasteStatsOf([{ hasteFS: await hasteFSOf(modulePath, rootDir, cacheDirectory) }])!;
    for (const file of ['src/sum.js', 'src/rates.json', 'test/__snapshots__/sum.test.js.snap']) {
      const stat = fs.statSync(path.join(rootDir, file));
      expect(known(path.join(rootDir, file))).toEqual({ size: stat.size, mtimeMs: expect.any(Number) });
      expect(knownUnchanged(known, path.join(rootDir, file), { size: stat.size, mtimeMs: stat.mtimeMs })).toBe(true);
      expect(knownUnchanged(known, path.join(rootDir, file), { size: stat.size, mtimeMs: stat.mtimeMs + 1000 })).toBe(false);
      expect(knownUnchanged(known, path.join(rootDir, file), { size: stat.size + 1, mtimeMs: stat.mtimeMs })).toBe(false);
    }
    expect(known(path.join(rootDir, 'notes.txt'))).toBeUndefined();
    expect(known(path.join(rootDir, 'src/missing.js'))).toBeUndefined();
    expect(known(path.join(path.dirname(rootDir), 'src/sum.js'))).toBeUndefined();
  });
});

describe('hasteStatsOf: contexts without a haste map of the known shape', () => {
  test('give no known stats, and knownUnchanged confirms nothing', () => {
    expect(hasteStatsOf([{}, { hasteFS: { _rootDir: '/project', _files: {} } }])).toBeUndefined();
    expect(knownUnchanged(undefined, '/project/src/sum.js', { size: 1, mtimeMs: 1 })).toBe(false);
    const known = hasteStatsOf([{ hasteFS: { _rootDir: '/project', _files: new Map<string, unknown>([['src/a.js', ['', 0, 10]], ['src/b.js', 'odd']]) } }])!;
    expect(known('/project/src/a.js')).toBeUndefined();
    expect(known('/project/src/b.js')).toBeUndefined();
    expect(knownUnchanged(known, '/project/src/a.js', { size: -1, mtimeMs: -1 })).toBe(false);
  });
});
