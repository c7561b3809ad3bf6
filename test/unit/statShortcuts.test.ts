import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MissingFolders, resolverUnder } from '../../src/changes/statShortcuts';

describe('resolverUnder', () => {
  const keys = ['src/a.js', 'a.js', '.babelrc', 'src/.eslintrc.js', '../outside/b.js', './src/a.js', 'src/../b.js', 'src//a.js', 'src/', '/abs/c.js', '', 'src/./a.js', 'test/__snapshots__/a.test.js.snap'];
  test.each(['/work/project', '/work/project/', '/', 'relative/root'])('gives what path.resolve gives, root %s', (rootDir) => {
    const resolve = resolverUnder(rootDir);
    expect(keys.map(resolve)).toEqual(keys.map((key) => path.resolve(rootDir, key)));
  });
});

describe('MissingFolders', () => {
  test('a path in a missing folder is missing; a folder that exists tells nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'missing-folders-'));
    try {
      fs.mkdirSync(path.join(dir, 'there'));
      fs.writeFileSync(path.join(dir, 'a-file'), '');
      const folders = new MissingFolders();
      expect(folders.holds(path.join(dir, 'gone', '__snapshots__', 'a.snap'))).toBe(true);
      expect(folders.holds(path.join(dir, 'there', 'a.snap'))).toBe(false);
      // A file where a folder would be: stat'ing the path itself tells (ENOTDIR); no shortcut.
      expect(folders.holds(path.join(dir, 'a-file', 'x.snap'))).toBe(false);
      // One look per folder: a folder created after the first look is still missing to this detection.
      fs.mkdirSync(path.join(dir, 'gone', '__snapshots__'), { recursive: true });
      expect(folders.holds(path.join(dir, 'gone', '__snapshots__', 'b.snap'))).toBe(true);
      expect(new MissingFolders().holds(path.join(dir, 'gone', '__snapshots__', 'b.snap'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
