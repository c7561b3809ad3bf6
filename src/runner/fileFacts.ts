import * as fs from 'node:fs/promises';
import { contentHash, fingerprintSource } from '../changes/fingerprint';
import { MISSING, type InputKind } from '../changes/inputKeys';
import { readInputState, type InputState } from '../changes/inputState';
import type { SourceShape } from '../recording';
import { encodeLines } from '../store/lineEncoding';
import type { SourceRecord } from '../store/schema';

export const MISSING_FILE_HASH = MISSING;

type Limit = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Hashes and fingerprints of files, read at most once per run and a few at a time. A file modified
 * after the run started is marked stale: the lines recorded for it may belong to another version.
 */
/** Content hash, size and mtime of a file as read in this run (hash MISSING_FILE_HASH when absent). */
export type FileStat = InputState;

export class FileFacts {
  private readonly stats = new Map<string, Promise<FileStat>>();
  private readonly limit: Promise<Limit>;

  constructor(private readonly runStartedAt: number) {
    this.limit = import('p-limit').then(({ default: pLimit }) => pLimit(8) as Limit);
  }

  statOf(file: string): Promise<FileStat> {
    return this.inputStateOf('content', file);
  }

  /** A dependency's value (content hash, listing hash, present), read once per run. */
  inputStateOf(kind: InputKind, file: string): Promise<InputState> {
    const key = kind === 'content' ? file : `${file}\0${kind}`;
    let stat = this.stats.get(key);
    if (!stat) {
      stat = this.limit.then((limit) => limit(() => readInputState(kind, file)));
      this.stats.set(key, stat);
    }
    return stat;
  }

  async sourceRecordOf(file: string, shape: SourceShape): Promise<SourceRecord> {
    const limit = await this.limit;
    return limit(async () => {
      const functions = shape.functions.flat();
      const statementLines = encodeLines(shape.statementLines);
      const moduleLines = encodeLines(shape.moduleLines);
      try {
        const [content, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
        const { tokenHash, lineHashes, lineTokenCounts } = fingerprintSource(content.toString('utf8'));
        return {
          hash: contentHash(content),
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          ...(stat.mtimeMs > this.runStartedAt ? { stale: true } : {}),
          tokenHash,
          lineHashes,
          lineTokenCounts,
          statementLines,
          moduleLines,
          functions,
        };
      } catch {
        return {
          hash: MISSING_FILE_HASH,
          size: -1,
          mtimeMs: -1,
          tokenHash: '',
          lineHashes: Buffer.alloc(0),
          lineTokenCounts: [],
          statementLines,
          moduleLines,
          functions,
        };
      }
    });
  }
}
