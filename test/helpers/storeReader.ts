import * as path from 'node:path';
import { open } from 'lmdb';

/**
 * Reads records of a store on disk with the same open options as the runner (src/store/openStore.ts),
 * for assertions on what the CLI does not print (dependencies, source fingerprints).
 */
export function readStoreRecord<T>(storeDir: string, key: unknown[]): T | undefined {
  const db = open({ path: path.join(storeDir, 'impact.mdb'), compression: false, useVersions: false, encoding: 'msgpack', noMemInit: true, readOnly: true });
  try {
    return db.get(key as never) as T | undefined;
  } finally {
    void db.close();
  }
}
