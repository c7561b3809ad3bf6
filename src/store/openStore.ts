import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { open, type RootDatabase } from 'lmdb';
import { StoreError } from '../errors';
import { META_KEY, SCHEMA_VERSION, type StoreMeta } from './schema';

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

/** LMDB's meta pages (the first two pages) start, after the 24-byte page header, with this magic. */
const LMDB_MAGIC = 0xbeefc0de;
const META_MAGIC_OFFSET = 24;
/** mm_psize (the page size) sits in the meta's free-list db record, 24 bytes after the magic. */
const META_PAGE_SIZE_OFFSET = 48;

/**
 * Why an existing data file cannot be an LMDB environment, or undefined when it looks like one (or
 * is empty: lmdb initialises an empty file). lmdb-js crashes the process (SIGSEGV or SIGBUS) when it
 * maps a file that is not an LMDB environment, so this is checked before `open`.
 */
function notAnLmdbFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined; // missing or unreadable: open() reports it
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return undefined;
    const header = Buffer.alloc(META_PAGE_SIZE_OFFSET + 4);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    const pageSize = read === header.length ? header.readUInt32LE(META_PAGE_SIZE_OFFSET) : 0;
    const validPageSize = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
    if (read < header.length || header.readUInt32LE(META_MAGIC_OFFSET) !== LMDB_MAGIC || !validPageSize) {
      return `${file} is not an LMDB data file (no LMDB header)`;
    }
    if (size < 2 * pageSize) return `${file} is truncated (${size} bytes, smaller than its two ${pageSize}-byte meta pages)`;
    const second = Buffer.alloc(4);
    fs.readSync(fd, second, 0, 4, pageSize + META_MAGIC_OFFSET);
    if (second.readUInt32LE(0) !== LMDB_MAGIC) return `${file} is not an LMDB data file (its second meta page has no LMDB header)`;
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export function openDatabase(storeDir: string, { readOnly }: { readOnly: boolean }): RootDatabase {
  if (readOnly && !fs.existsSync(databasePath(storeDir))) {
    throw new StoreError('E_STORE_MISSING', `No store at ${storeDir}.`, 'Run `jest --runner=jest-runner-impact` once to record one.');
  }
  const notLmdb = notAnLmdbFile(databasePath(storeDir));
  if (notLmdb) {
    throw new StoreError('E_STORE_CORRUPT', `Could not open the store at ${storeDir}: ${notLmdb}.`, 'Run `npx jest-impact reset` to delete it; the next run records a new one.', {
      cause: new Error(notLmdb),
    });
  }
  try {
    if (!readOnly) fs.mkdirSync(storeDir, { recursive: true });
    return open({ ...OPEN_OPTIONS, path: databasePath(storeDir), readOnly });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code) || isMissing(error)) {
      // Node's messages already start with the code ("ENOTDIR: not a directory, mkdir '...'").
      const message = (error as Error).message;
      throw new StoreError(
        'E_STORE_UNWRITABLE',
        `Expected a writable store directory at ${storeDir}, got ${message.startsWith(code) ? message : `${code}: ${message}`}.`,
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

export type OpenOutcome = { kind: 'opened'; previous: StoreMeta } | { kind: 'created' } | { kind: 'rebuilt'; reason: string };

/**
 * Opens the database for writing with the meta this run expects: a database lmdb cannot read, of
 * another schema, or not ours is cleared (the outcome says why); an existing one keeps the config
 * hashes of projects this run does not include.
 */
export function openOrRebuild(directory: string, expected: Omit<StoreMeta, 'lastRun'>): { db: RootDatabase; outcome: OpenOutcome } {
  let db: RootDatabase;
  let rebuiltReason: string | undefined;
  try {
    db = openDatabase(directory, { readOnly: false });
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== 'E_STORE_CORRUPT') throw error;
    rebuiltReason = `the store could not be read (${(error.cause as Error | undefined)?.message ?? error.message})`;
    deleteDatabase(directory);
    db = openDatabase(directory, { readOnly: false });
  }
  let meta: unknown;
  try {
    meta = db.get(META_KEY);
  } catch (error) {
    meta = { unreadable: (error as Error).message };
  }
  const isEmpty = meta === undefined && db.getKeysCount() === 0;
  if (isEmpty) {
    db.putSync(META_KEY, expected);
    return { db, outcome: rebuiltReason ? { kind: 'rebuilt', reason: rebuiltReason } : { kind: 'created' } };
  }
  const found = meta as Partial<StoreMeta> | undefined;
  if (!found || typeof found.schema !== 'number') {
    rebuiltReason = 'the store was not written by jest-runner-impact';
  } else if (found.schema !== SCHEMA_VERSION) {
    rebuiltReason = `the store has schema ${found.schema} (written by jest-runner-impact ${found.packageVersion ?? 'unknown'}); this version reads schema ${SCHEMA_VERSION}`;
  }
  if (rebuiltReason) {
    db.clearSync();
    db.putSync(META_KEY, expected);
    return { db, outcome: { kind: 'rebuilt', reason: rebuiltReason } };
  }
  // Projects this run did not include keep their config hashes. Most runs find the meta as it was: no write.
  const updated = { ...found, ...expected, configHashes: { ...(found as StoreMeta).configHashes, ...expected.configHashes } };
  if (!isDeepStrictEqual(updated, found)) db.putSync(META_KEY, updated);
  return { db, outcome: { kind: 'opened', previous: found as StoreMeta } };
}
