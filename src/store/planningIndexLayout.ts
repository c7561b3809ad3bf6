import type { TestFileRecord } from './schema';

/** A source's [size, mtimeMs, stale (1) or not (0)]. */
export type SourceStat = [size: number, mtimeMs: number, stale: 0 | 1];

/** What change detection, selection and the report of skipped files read of a test file that did not change. */
export interface TestFileHead extends Pick<TestFileRecord, 'status' | 'framework' | 'hash' | 'size' | 'mtimeMs' | 'durationMs' | 'error' | 'dependencies'> {
  /** How many tests the record has (their ids: `PlanningIndex.testIds`). */
  testCount: number;
  /** Indexes of the tests that failed in their last run. */
  failed: number[];
  /** The record has the file's token and line hashes (a worker can tell which tests' code changed). */
  shaped: boolean;
}

/**
 * A head as the index holds it. The tests' ids (in the record's order: selection names tests by them,
 * skipped files report them) are `ids` once read or written; a loaded index has, instead, where they
 * are in the ids record (`idsAt`, a byte range of JSON), and parses them when a run first asks.
 */
export interface IndexedHead extends TestFileHead {
  ids?: string[];
  idsAt?: [start: number, end: number];
}

export type DependencyStat = [hash: string, size: number, mtimeMs: number];

export interface LoadedIndex {
  sources: Map<string, SourceStat>;
  dependencies: Record<string, DependencyStat>;
  /** By `${project}\0${testPath}`. */
  testFiles: Map<string, IndexedHead>;
  /** The ids record: every test file's ids, one JSON array (ASCII) of the heads' arrays, in the stored order. */
  ids: Buffer;
  /** The heads as loaded, in the stored order: the ids record's arrays are theirs, one for one. */
  loadedOrder: IndexedHead[];
  /** The maps are in key order (as loaded); a write of a new key clears it. */
  sorted: { sources: boolean; testFiles: boolean };
}

/**
 * Bumped when the layout or the head's fields change: an index of another format is rebuilt from the records.
 * 4: two records, the index as ASCII JSON bytes and the ids apart.
 */
const INDEX_FORMAT = 4;

/**
 * The index as stored. Entries are in key order, so that a run reads them in order without sorting.
 * `stamp` is also the first element of the ids record: the two were written together.
 */
interface StoredIndex {
  format: number;
  stamp: number;
  sources: Array<[source: string, stat: SourceStat]>;
  dependencies: Record<string, DependencyStat>;
  testFiles: Array<[key: string, head: IndexedHead]>;
}

/** The two stored values: the index (JSON, every character ASCII) and the ids record. */
export interface EncodedIndex {
  index: Buffer;
  ids: [stamp: number, ids: Buffer];
}

/**
 * JSON with every character outside ASCII escaped (`\u203a`): the same JSON to a parser, whose bytes
 * read back as a one-byte string (latin1) without UTF-8 decoding, which V8 also parses faster. Test
 * titles are full of `›`, and one such character makes a whole string two-byte.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The index's two values. `entries` must be in key order; a head's ids come from `previous` at `idsAt`, or from `ids`. */
export function encodeIndex(
  sources: Array<[string, SourceStat]>,
  dependencies: Record<string, DependencyStat>,
  testFiles: Array<[string, IndexedHead]>,
  previous: Buffer,
  stamp: number,
): EncodedIndex {
  const parts: Buffer[] = [Buffer.from('[')];
  let at = 1;
  const stored: Array<[string, IndexedHead]> = testFiles.map(([key, { ids, idsAt, ...head }], index) => {
    // A head read from the record keeps its bytes (its ids, if parsed, came from them); a head this handle wrote has none.
    const bytes = idsAt ? previous.subarray(idsAt[0], idsAt[1]) : Buffer.from(asciiJson(ids ?? []), 'latin1');
    if (index > 0) {
      parts.push(Buffer.from(','));
      at += 1;
    }
    parts.push(bytes);
    const range: [number, number] = [at, at + bytes.length];
    at += bytes.length;
    return [key, { ...head, idsAt: range }];
  });
  parts.push(Buffer.from(']'));
  const index: StoredIndex = { format: INDEX_FORMAT, stamp, sources, dependencies, testFiles: stored };
  return { index: Buffer.from(asciiJson(index), 'latin1'), ids: [stamp, Buffer.concat(parts, at + 1)] };
}

/** The stored index, or undefined when a value is missing, of another format, or not of one write. */
export function decodeIndex(index: unknown, ids: unknown): LoadedIndex | undefined {
  if (!(index instanceof Uint8Array) || !Array.isArray(ids) || !(ids[1] instanceof Uint8Array)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(index.buffer, index.byteOffset, index.byteLength).toString('latin1')) as Partial<StoredIndex> | null;
    if (parsed?.format !== INDEX_FORMAT || parsed.stamp !== ids[0] || !Array.isArray(parsed.sources) || !parsed.dependencies || !Array.isArray(parsed.testFiles)) {
      return undefined;
    }
    const blob = ids[1];
    return {
      sources: new Map(parsed.sources),
      dependencies: parsed.dependencies,
      testFiles: new Map(parsed.testFiles),
      ids: Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength),
      loadedOrder: parsed.testFiles.map(([, head]) => head),
      sorted: { sources: true, testFiles: true },
    };
  } catch {
    return undefined;
  }
}

const idsFor = (head: IndexedHead, ids: unknown): string[] | undefined =>
  Array.isArray(ids) && ids.length === head.testCount && ids.every((id) => typeof id === 'string') ? ids : undefined;

/** A head's ids: as written, or parsed from its range of the ids record; undefined when the bytes do not parse. */
export function idsOf(head: IndexedHead, blob: Buffer): string[] | undefined {
  if (head.ids) return head.ids;
  if (!head.idsAt) return undefined;
  try {
    return idsFor(head, JSON.parse(blob.toString('latin1', head.idsAt[0], head.idsAt[1])));
  } catch {
    return undefined;
  }
}

/**
 * Every loaded head's ids from one parse of the ids record (a run that reports a thousand skipped
 * files reads them all: one parse instead of a thousand). A head whose array does not fit keeps none.
 */
export function readAllIds(index: LoadedIndex): void {
  let all: unknown;
  try {
    all = JSON.parse(index.ids.toString('latin1'));
  } catch {
    return;
  }
  if (!Array.isArray(all) || all.length !== index.loadedOrder.length) return;
  index.loadedOrder.forEach((head, at) => {
    head.ids ??= idsFor(head, all[at]);
  });
}
