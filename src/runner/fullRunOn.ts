import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import { contentHash } from '../changes/fingerprint';

/** Content hashes of the files under rootDir that match the fullRunOn globs (node_modules left out). */
export function hashFullRunOnFiles(rootDir: string, globs: string[]): Record<string, string> {
  const files = globSync(globs, { cwd: rootDir, dot: true, ignore: ['**/node_modules/**'], onlyFiles: true });
  const hashes: Record<string, string> = {};
  for (const file of files.sort()) hashes[file] = contentHash(fs.readFileSync(path.join(rootDir, file)));
  return hashes;
}

/** The first fullRunOn file added, removed or changed since the last run, or undefined. */
export function changedFullRunOnFile(previous: Record<string, string> | undefined, current: Record<string, string>): string | undefined {
  if (!previous) return undefined;
  for (const file of new Set([...Object.keys(previous), ...Object.keys(current)])) {
    if (previous[file] !== current[file]) return file;
  }
  return undefined;
}
