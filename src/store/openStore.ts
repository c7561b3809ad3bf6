import * as fs from 'node:fs';
import * as path from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { StoreError } from '../errors';

export const DATABASE_FILE = 'impact.mdb';

/** The one set of open options: opening one store with different options breaks reads (lmdb 3.x). */
const OPEN_OPTIONS = { compression: false, useVersions: false, encoding: 'msgpack' as const, noMemInit: true };

export function databasePath(storeDir: string): string {
  return path.join(storeDir, DATABASE_FILE);
}

/** Files lmdb keeps for one database: the data file and its lock file. */
export function databaseFiles(storeDir: string): string[] {
  const file = databasePath(storeDir);
  return [file, `${file}-lock`];
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export function openDatabase(storeDir: string, { readOnly }: { readOnly: boolean }): RootDatabase {
  if (readOnly && !fs.existsSync(databasePath(storeDir))) {
    throw new StoreError('E_STORE_MISSING', `No store at ${storeDir}.`, 'Run `jest --runner=jest-runner-impact` once to record one.');
  }
  try {
    if (!readOnly) fs.mkdirSync(storeDir, { recursive: true });
    return open({ ...OPEN_OPTIONS, path: databasePath(storeDir), readOnly });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code) || isMissing(error)) {
      throw new StoreError(
        'E_STORE_UNWRITABLE',
        `Expected a writable store directory at ${storeDir}, got ${code}: ${(error as Error).message}.`,
        'Point the "store" option (or JEST_IMPACT_STORE) at a writable directory, or fix the permissions.',
        { cause: error },
      );
    }
    throw new StoreError(
      'E_STORE_CORRUPT',
      `Could not open the store at ${storeDir}: ${(error as Error).message}.`,
      'Run `npx jest-impact reset` to delete it; the next run records a new one.',
      { cause: error },
    );
  }
}

/** Deletes the database files (and the directory when nothing else is in it). */
export function deleteDatabase(storeDir: string): void {
  for (const file of databaseFiles(storeDir)) fs.rmSync(file, { force: true });
  try {
    if (fs.readdirSync(storeDir).length === 0) fs.rmdirSync(storeDir);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
