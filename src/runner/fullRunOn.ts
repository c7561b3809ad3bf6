import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { contentHash } from '../changes/fingerprint';

/** A glob that can only match a file in the root folder itself (the defaults: lockfiles, configs). */
const isRootLevel = (glob: string) => !glob.includes('/') && !glob.includes('\\') && !glob.startsWith('!') && !glob.includes('**');

/**
 * The files of the root folder that match root-level globs, as tinyglobby finds them (dot files, files
 * only, a link to a file counts), from one listing: tinyglobby walks and compiles more than a root
 * listing needs, 2-5 ms a run.
 */
function rootFilesMatching(rootDir: string, globs: string[]): string[] {
  const matches = picomatch(globs, { dot: true });
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(rootDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => matches(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(path.join(rootDir, entry.name), { throwIfNoEntry: false })?.isFile() === true)))
    .map((entry) => entry.name);
}

/** The files under rootDir that match the fullRunOn globs (node_modules left out), in path order. */
export function fullRunOnFiles(rootDir: string, globs: string[]): string[] {
  const files = globs.every(isRootLevel) ? rootFilesMatching(rootDir, globs) : globSync(globs, { cwd: rootDir, dot: true, ignore: ['**/node_modules/**'], onlyFiles: true });
  return files.sort();
}

/** Content hashes of the files under rootDir that match the fullRunOn globs (node_modules left out). */
export function hashFullRunOnFiles(rootDir: string, globs: string[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of fullRunOnFiles(rootDir, globs)) hashes[file] = contentHash(fs.readFileSync(path.join(rootDir, file)));
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
