import * as fs from 'node:fs/promises';
import { contentHash, fingerprintSource } from '../changes/fingerprint';
import type { SourceShape } from '../recording';
import { encodeLines } from '../store/lineEncoding';
import type { SourceRecord } from '../store/schema';

export const MISSING_FILE_HASH = 'missing';

type Limit = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Hashes and fingerprints of files, read at most once per run and a few at a time. A file modified
 * after the run started is marked stale: the lines recorded for it may belong to another version.
 */
export class FileFacts {
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly limit: Promise<Limit>;

  constructor(private readonly runStartedAt: number) {
    this.limit = import('p-limit').then(({ default: pLimit }) => pLimit(8) as Limit);
  }

  hashOf(file: string): Promise<string> {
    let hash = this.hashes.get(file);
    if (!hash) {
      hash = this.limit.then((limit) =>
        limit(async () => {
          try {
            return contentHash(await fs.readFile(file));
          } catch {
            return MISSING_FILE_HASH;
          }
        }),
      );
      this.hashes.set(file, hash);
    }
    return hash;
  }

  async sourceRecordOf(file: string, shape: SourceShape): Promise<SourceRecord> {
    const limit = await this.limit;
    return limit(async () => {
      const functions = shape.functions.flat();
      const statementLines = encodeLines(shape.statementLines);
      try {
        const [content, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
        const { tokenHash, lineHashes } = fingerprintSource(content.toString('utf8'));
        return {
          hash: contentHash(content),
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          ...(stat.mtimeMs > this.runStartedAt ? { stale: true } : {}),
          tokenHash,
          lineHashes,
          statementLines,
          functions,
        };
      } catch {
        return { hash: MISSING_FILE_HASH, size: -1, mtimeMs: -1, tokenHash: '', lineHashes: Buffer.alloc(0), statementLines, functions };
      }
    });
  }
}
