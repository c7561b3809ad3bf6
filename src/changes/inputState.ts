import * as fs from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { contentHash } from './fingerprint';
import { MISSING, PRESENT, type InputKind } from './inputKeys';
import { knownUnchanged, type KnownStats } from './knownStats';
import type { MissingFolders } from './statShortcuts';

/** The value of a dependency on disk now, with the size and mtime it was read at (-1 when absent). */
export interface InputState {
  hash: string;
  size: number;
  mtimeMs: number;
}

const ABSENT: InputState = { hash: MISSING, size: -1, mtimeMs: -1 };

/** A folder's listing as one hash: its entry names, sorted (what readdir, opendir and globs see). */
export function listingHash(names: string[]): string {
  return createHash('sha1').update([...names].sort().join('\n')).digest('hex');
}

function stateOf(kind: InputKind, stat: fs.Stats, read: () => Buffer | string[]): InputState {
  if (kind === 'exists') return { hash: PRESENT, size: 0, mtimeMs: 0 };
  const value = read();
  return { hash: Array.isArray(value) ? listingHash(value) : contentHash(value), size: stat.size, mtimeMs: stat.mtimeMs };
}

/**
 * The current value of a dependency: content hash, listing hash, or present; MISSING when the path does
 * not exist or cannot be read as that kind. When size and mtime match `recorded`, its hash is reused
 * unread (a folder's mtime moves whenever an entry is added, removed or renamed). A file's size and
 * mtime come from `known` when it has them; a path recorded as missing whose folder `missingFolders`
 * finds missing is missing unstat'ed.
 */
export function currentInputState(kind: InputKind, file: string, recorded?: InputState, known?: KnownStats, missingFolders?: MissingFolders): InputState {
  if (kind === 'content' && recorded && recorded.hash !== MISSING && knownUnchanged(known, file, recorded)) return recorded;
  if (recorded?.hash === MISSING && missingFolders?.holds(file)) return ABSENT;
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return ABSENT;
    if (kind !== 'exists' && recorded && recorded.size === stat.size && recorded.mtimeMs === stat.mtimeMs) return recorded;
    return stateOf(kind, stat, () => (kind === 'listing' ? fs.readdirSync(file) : fs.readFileSync(file)));
  } catch {
    return ABSENT;
  }
}

/** currentInputState, read asynchronously (the parent while a run goes on). */
export async function readInputState(kind: InputKind, file: string): Promise<InputState> {
  try {
    if (kind === 'exists') {
      await fsPromises.stat(file);
      return { hash: PRESENT, size: 0, mtimeMs: 0 };
    }
    // Both at once: the parent often reads these while Jest runs tests in its own process.
    const [stat, value] = await Promise.all([fsPromises.stat(file), kind === 'listing' ? fsPromises.readdir(file) : fsPromises.readFile(file)]);
    return stateOf(kind, stat, () => value);
  } catch {
    return ABSENT;
  }
}
