import * as fs from 'node:fs/promises';
import { NO_FRAME, frameHashesOf } from '../changes/bodyFrames';
import { contentHash, fingerprintSource } from '../changes/fingerprint';
import { MISSING, type InputKind } from '../changes/inputKeys';
import { readInputState, type InputState } from '../changes/inputState';
import type { SourceShape } from '../recording';
import { encodeLines } from '../store/lineEncoding';
import type { SourceRecord } from '../store/schema';

export const MISSING_FILE_HASH = MISSING;

/** Whether recorded frames were taken for the same one-line bodies the worker reports now. */
function sameBodies(frames: number[] | undefined, bodies: number[] | undefined): boolean {
  const recorded: number[] = [];
  for (let i = 0; i + 2 < (frames?.length ?? 0); i += 3) recorded.push(frames![i]!, frames![i + 1]!);
  return recorded.join(',') === (bodies ?? []).join(',');
}

/**
 * Frames (schema.ts SourceRecord.frames) of the lines where the worker recorded one-line bodies. A
 * line whose parse finds another number of outermost bodies than the worker counted gets NO_FRAME:
 * an edit there then counts as module-level, as it would without the body lines.
 */
function framesOf(file: string, text: () => string, bodies: number[] | undefined): number[] | undefined {
  if (!bodies || bodies.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (let i = 0; i + 1 < bodies.length; i += 2) counts.set(bodies[i]!, bodies[i + 1]!);
  const { frames, regions } = frameHashesOf(file, text(), new Set(counts.keys()));
  const flat: number[] = [];
  for (const [line, count] of counts) {
    const frame = frames.get(line);
    flat.push(line, count, frame !== undefined && regions.get(line)?.length === count ? frame : NO_FRAME);
  }
  return flat;
}

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

  /**
   * The record of a source as it is on disk now. The fingerprint and frames of `previous` are reused
   * when the content is the one it was taken from: most sources of a recording run did not change.
   */
  async sourceRecordOf(file: string, shape: SourceShape, previous?: SourceRecord): Promise<SourceRecord> {
    const limit = await this.limit;
    return limit(async () => {
      const functions = shape.functions.flat();
      const statementLines = encodeLines(shape.statementLines);
      const moduleLines = encodeLines(shape.moduleLines);
      try {
        const [content, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
        const hash = contentHash(content);
        const same = previous && !previous.stale && previous.hash === hash && previous.lineHashes.length > 0 ? previous : undefined;
        const text = same ? '' : content.toString('utf8');
        const { tokenHash, lineHashes, lineTokenCounts } = same ?? fingerprintSource(text);
        const frames = same && sameBodies(same.frames, shape.oneLineBodies) ? same.frames : framesOf(file, () => text || content.toString('utf8'), shape.oneLineBodies);
        return {
          hash,
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          ...(stat.mtimeMs > this.runStartedAt ? { stale: true } : {}),
          tokenHash,
          lineHashes,
          lineTokenCounts,
          statementLines,
          moduleLines,
          functions,
          ...(frames && frames.length > 0 ? { frames } : {}),
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
