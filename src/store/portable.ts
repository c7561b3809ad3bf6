import * as zlib from 'node:zlib';
import { StoreError } from '../errors';
import { SCHEMA_VERSION, type DependencyRecord, type DirtyRecord, type SourceRecord, type StoreMeta, type TestFileRecord } from './schema';
import type { CoverageShapeRecord } from './coverageRecords';

/**
 * The portable form of a store (`jest-impact export`, `import`, `merge`): every key and value of the
 * LMDB store as gzipped JSON, with Buffers as base64. Paths in the store are relative to Jest's rootDir,
 * so an export works in a checkout at another path. Versioned twice: the file format, and the store
 * schema its records follow.
 */
export const EXPORT_FORMAT = 'jest-runner-impact-store';
export const EXPORT_FORMAT_VERSION = 1;

export type StoreKey = Array<string>;
export type StoreEntry = [key: StoreKey, value: unknown];

export interface StoreExport {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  schema: number;
  exportedAt: string;
  entries: StoreEntry[];
}

const BUFFER_TAG = '$buffer';

function replacer(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Uint8Array) return { [BUFFER_TAG]: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && BUFFER_TAG in value && Object.keys(value).length === 1) {
    return Buffer.from((value as Record<string, string>)[BUFFER_TAG]!, 'base64');
  }
  return value;
}

export function encodeExport(entries: StoreEntry[], exportedAt = new Date()): Buffer {
  const document: StoreExport = { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, schema: SCHEMA_VERSION, exportedAt: exportedAt.toISOString(), entries };
  return zlib.gzipSync(JSON.stringify(document, replacer));
}

/** Reads an export; anything but an export of this format version and store schema is a StoreError. */
export function decodeExport(content: Buffer, file: string): StoreExport {
  let document: Partial<StoreExport>;
  try {
    document = JSON.parse(zlib.gunzipSync(content).toString('utf8'), reviver) as Partial<StoreExport>;
  } catch (error) {
    throw new StoreError(
      'E_EXPORT_FORMAT',
      `Expected a store export written by \`jest-impact export\` at ${file}, got a file that is not gzipped JSON (${(error as Error).message}).`,
      'Pass the file that `jest-impact export FILE` wrote.',
    );
  }
  if (document.format !== EXPORT_FORMAT || !Array.isArray(document.entries)) {
    throw new StoreError('E_EXPORT_FORMAT', `Expected a store export written by \`jest-impact export\` at ${file}, got JSON of another kind.`, 'Pass the file that `jest-impact export FILE` wrote.');
  }
  if (document.formatVersion !== EXPORT_FORMAT_VERSION || document.schema !== SCHEMA_VERSION) {
    throw new StoreError(
      'E_EXPORT_VERSION',
      `Expected a store export of format ${EXPORT_FORMAT_VERSION} and schema ${SCHEMA_VERSION} at ${file}, got format ${String(document.formatVersion)} and schema ${String(document.schema)}.`,
      'Export it again with this version of jest-runner-impact, or run the suite once with the runner to record a new store.',
    );
  }
  return document as StoreExport;
}

const keyText = (key: StoreKey) => JSON.stringify(key);

function metaOf(entries: StoreEntry[]): StoreMeta | undefined {
  return entries.find(([key]) => key.length === 1 && key[0] === 'meta')?.[1] as StoreMeta | undefined;
}

function newer(a: StoreMeta | undefined, b: StoreMeta | undefined): boolean {
  return (a?.lastRun?.finishedAt ?? 0) >= (b?.lastRun?.finishedAt ?? 0);
}

/**
 * Combines the stores of CI shards (DESIGN.md §1, `merge`). Each test file's record comes, with its line
 * entries, from the export that recorded it last. A source or dependency recorded in different versions
 * by different exports is kept in one of them and marked so that the next run treats it as changed
 * (a source `stale`, a dependency with an unknown size): merging never hides a change. A test file's dirty
 * marks come from the exports that hold its latest record (every shard marks all impacted files before
 * it runs, and only the shard that ran a file cleared them): united among those, and from every export
 * when none has a record. The meta is the newest export's; exports of different Jest configs are refused.
 */
export function mergeExports(exports: Array<{ file: string; document: StoreExport }>): StoreEntry[] {
  const metas = exports.map(({ document }) => metaOf(document.entries));
  const configHashes: Record<string, string> = {};
  const conflicts = new Set<string>();
  for (const meta of metas) {
    for (const [project, hash] of Object.entries(meta?.configHashes ?? {})) {
      if (configHashes[project] !== undefined && configHashes[project] !== hash) conflicts.add(project);
      configHashes[project] = hash;
    }
  }
  if (conflicts.size > 0) {
    const projects = [...conflicts].map((project) => (project === '.' ? 'the project' : `project "${project}"`)).join(', ');
    throw new StoreError(
      'E_MERGE_CONFIG',
      `Expected exports recorded with one Jest config, got different configs of ${projects} among ${exports.map(({ file }) => file).join(', ')}.`,
      'Merge only the stores of the shards of one job; with another config, every test would run at the next run anyway.',
    );
  }
  // Later exports win ties: iterate in order and replace when not older.
  const files = new Map<string, { record: TestFileRecord; from: number }>();
  const recordedAt = exports.map(() => new Map<string, number>());
  exports.forEach(({ document }, from) => {
    for (const [key, value] of document.entries) {
      if (key[0] !== 'file') continue;
      const record = value as TestFileRecord;
      recordedAt[from]!.set(keyText(key), record.recordedAt);
      const previous = files.get(keyText(key));
      if (!previous || record.recordedAt >= previous.record.recordedAt) files.set(keyText(key), { record, from });
    }
  });
  const winnerOf = (project: string, testPath: string) => files.get(keyText(['file', project, testPath]))?.from;
  const holdsLatestRecord = (from: number, project: string, testPath: string) => {
    const fileKey = keyText(['file', project, testPath]);
    const latest = files.get(fileKey);
    return !latest || recordedAt[from]!.get(fileKey) === latest.record.recordedAt;
  };

  // Recorded coverage: one shape per source (the last export's); a file whose counters were counted
  // against another shape loses its recorded coverage, and runs in the next run with coverage.
  const shapeHashes = exports.map(({ document }) => new Map(document.entries.filter(([key]) => key[0] === 'coverageShape').map(([key, value]) => [key[1]!, (value as CoverageShapeRecord).hash])));
  const chosenShapes = new Map<string, { hash: string; from: number }>();
  shapeHashes.forEach((hashes, from) => hashes.forEach((hash, source) => chosenShapes.set(source, { hash, from })));
  const losingCoverage = new Set<string>();

  const merged = new Map<string, StoreEntry>();
  const sources = new Map<string, SourceRecord>();
  const dependencies = new Map<string, DependencyRecord>();
  let meta: StoreMeta | undefined;
  exports.forEach(({ document }, from) => {
    if (newer(metas[from], meta)) meta = metas[from];
    for (const [key, value] of document.entries) {
      const text = keyText(key);
      switch (key[0]) {
        case 'file':
          if (files.get(text)?.from === from) merged.set(text, [key, value]);
          break;
        case 'lines':
          if (winnerOf(key[2]!, key[3]!) === from) merged.set(text, [key, value]);
          break;
        case 'source': {
          const record = value as SourceRecord;
          const previous = sources.get(text);
          sources.set(text, previous && previous.hash !== record.hash ? { ...record, stale: true } : previous?.stale ? { ...record, stale: true } : record);
          merged.set(text, [key, sources.get(text)]);
          break;
        }
        case 'dep': {
          const record = value as DependencyRecord;
          const previous = dependencies.get(text);
          dependencies.set(text, previous && (previous.hash !== record.hash || previous.size < 0) ? { ...record, size: -1, mtimeMs: -1 } : record);
          merged.set(text, [key, dependencies.get(text)]);
          break;
        }
        case 'dirty': {
          if (!holdsLatestRecord(from, key[1]!, key[2]!)) break;
          const record = value as DirtyRecord;
          const previous = merged.get(text)?.[1] as DirtyRecord | undefined;
          const all = record.all || Boolean(previous?.all);
          merged.set(text, [key, { all, tests: all ? [] : [...new Set([...(previous?.tests ?? []), ...record.tests])] }]);
          break;
        }
        case 'coverageShape':
          if (chosenShapes.get(key[1]!)?.from === from) merged.set(text, [key, value]);
          break;
        case 'coverageCounters': {
          const [, source, project, testPath] = key as [string, string, string, string];
          if (winnerOf(project, testPath) !== from) break;
          if (shapeHashes[from]!.get(source) === chosenShapes.get(source)?.hash) merged.set(text, [key, value]);
          else losingCoverage.add(keyText(['file', project, testPath]));
          break;
        }
        default:
          break;
      }
    }
  });
  for (const fileText of losingCoverage) withoutRecordedCoverage(merged, fileText);
  if (meta) merged.set(keyText(['meta']), [['meta'], { ...meta, configHashes }]);
  return [...merged.values()];
}

/** A merged test file loses its recorded coverage: its list and every counters entry of it. */
function withoutRecordedCoverage(merged: Map<string, StoreEntry>, fileText: string): void {
  const entry = merged.get(fileText);
  if (!entry) return;
  const [fileKey, value] = entry;
  const record = { ...(value as TestFileRecord) };
  for (const source of record.coverage ?? []) merged.delete(keyText(['coverageCounters', source, fileKey[1]!, fileKey[2]!]));
  delete record.coverage;
  merged.set(fileText, [fileKey, record]);
}
