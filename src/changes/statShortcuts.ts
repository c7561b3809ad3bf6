import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `path.resolve(rootDir, relative)` for the store's keys. They are normalised paths relative to the
 * root, so on POSIX one under the root is the root, a separator and the key: change detection builds
 * about 4,000 of them a run, and path.resolve normalises each one again. Anything else (a key outside
 * the root, Windows) goes through path.resolve.
 */
export function resolverUnder(rootDir: string): (relative: string) => string {
  const root = path.resolve(rootDir);
  if (path.sep !== '/' || root === '/') return (relative) => path.resolve(rootDir, relative);
  const prefix = `${root}/`;
  const plain = (relative: string) => relative !== '' && !relative.startsWith('.') && !relative.startsWith('/') && !relative.endsWith('/') && !relative.includes('/.') && !relative.includes('//');
  return (relative) => (plain(relative) ? prefix + relative : path.resolve(rootDir, relative));
}

/**
 * Folders found missing in one change detection. A path recorded as missing (a snapshot file a test
 * file has not written yet, a file a test checked for) is still missing when its folder is: one stat
 * per folder instead of one per path (on a project where every test file has a snapshot path and few
 * have snapshots, a thousand stats become a few dozen).
 */
export class MissingFolders {
  private readonly checked = new Map<string, boolean>();

  /** Whether the folder that would hold `file` does not exist. */
  holds(file: string): boolean {
    const folder = path.dirname(file);
    let missing = this.checked.get(folder);
    if (missing === undefined) {
      try {
        missing = fs.statSync(folder, { throwIfNoEntry: false }) === undefined;
      } catch {
        missing = false; // cannot tell: the path itself is stat'ed
      }
      this.checked.set(folder, missing);
    }
    return missing;
  }
}
