import * as fs from 'node:fs';
import { bodyOnlyChanges, remapFrames } from './bodyFrames';
import { contentHash, fingerprintSource, lineHashBuffer, lineHashList, type SourceFingerprint } from './fingerprint';
import { parseInputKey } from './inputKeys';
import { currentInputState, type InputState } from './inputState';
import { knownUnchanged, type KnownStats } from './knownStats';
import { MissingFolders, resolverUnder } from './statShortcuts';
import { diffFingerprints, diffLineHashes, entryLineMap, mapLinesByTokens, movesNoEntryLine, type LineChanges } from './lineDiff';
import { syntaxErrorOf } from './syntaxCheck';
import type { ImpactStore, SourceRebase } from '../store/ImpactStore';
import type { SourceStat } from '../store/planningIndex';
import { decodeLines, encodeLines } from '../store/lineEncoding';
import type { SourceRecord, TestFileRecord } from '../store/schema';
import type { RecordedTestSpan } from './testSpans';

export { MISSING } from './inputKeys';

export type SourceChange =
  | {
      source: string;
      kind: 'modified';
      changes: LineChanges;
      record: SourceRecord;
      /** Changed module-level lines whose edit stays inside one-line function bodies (bodyFrames.ts). */
      bodyOnlyLines?: number[];
    }
  | { source: string; kind: 'deleted' | 'unparseable' | 'stale'; detail: string };

export interface ChangeSet {
  /** Sources whose significant tokens changed, or that cannot be diffed (deleted, unparseable, stale). */
  sources: SourceChange[];
  /** Sources to move to their current version before the run (token changes and formatting alike). */
  rebases: SourceRebase[];
  refreshedSources: Array<{ source: string; size: number; mtimeMs: number }>;
  /** Test files and dependencies read because their size or mtime moved, whose content had not changed. */
  refreshedTestFiles: Array<{ project: string; testPath: string; hash: string; size: number; mtimeMs: number }>;
  refreshedDependencies: Array<{ key: string; record: { hash: string; size: number; mtimeMs: number } }>;
  /**
   * Current value of every recorded non-instrumented dependency, by its input key (inputKeys.ts): a
   * content hash, a folder listing's hash, or present; MISSING when absent.
   */
  dependencyHashes: Map<string, string>;
  /** Current content hash of every recorded test file. */
  testFileHashes: Map<string, string>;
  /**
   * Line changes of each test file whose hash changed, against the version recorded for it (one entry
   * per recorded version), or undefined when they cannot be told (no line hashes, deleted, no parse).
   */
  testFileChanges: Map<string, LineChanges | undefined>;
  /**
   * Records of test files whose content changed but not their token stream (comments, formatting): the
   * current version to move them to, so that later runs need not diff them again.
   */
  testFileRebases: TestFileRebase[];
}

export interface TestFileRebase {
  project: string;
  testPath: string;
  /** The recorded version this rebase starts from. */
  fromHash: string;
  update: Pick<TestFileRecord, 'hash' | 'size' | 'mtimeMs' | 'lineHashes' | 'testSpans'>;
}

/** A token-equal version of a test file: what its records move to. */
interface TestFileVersion {
  hash: string;
  size: number;
  mtimeMs: number;
  lineHashes: number[];
  /** Recorded line -> current line. */
  lineMap: Map<number, number>;
}

/** Test spans in the new lines; undefined (the whole file runs on its next change) when a span edge does not map. */
function remapSpans(spans: RecordedTestSpan[] | undefined, lineMap: Map<number, number>): RecordedTestSpan[] | undefined {
  if (!spans) return undefined;
  const remapped: RecordedTestSpan[] = [];
  for (const [start, end, ...tests] of spans) {
    const newStart = lineMap.get(start);
    const newEnd = lineMap.get(end);
    if (newStart === undefined || newEnd === undefined) return undefined;
    remapped.push([newStart, newEnd, ...tests]);
  }
  return remapped;
}

interface Stat {
  size: number;
  mtimeMs: number;
}

function statOf(file: string): Stat | undefined {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function sameStat(a: Stat, b: Stat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** A file read because its size or mtime moved, whose content is the recorded one: its new stats spare the next run the read. */
function movedUnchanged(current: InputState, recorded: InputState): boolean {
  return current.hash === recorded.hash && current.size >= 0 && (current.size !== recorded.size || current.mtimeMs !== recorded.mtimeMs);
}

function remapShape(lines: number[], lineMap: Map<number, number>): number[] {
  return [...new Set(lines.map((line) => lineMap.get(line)).filter((line): line is number => line !== undefined))].sort((a, b) => a - b);
}

/** The record of the current version; `fingerprint` is the current content's. */
function rebasedRecord(previous: SourceRecord, content: Buffer, fingerprint: SourceFingerprint, stat: Stat, lineMap: Map<number, number>): SourceRecord {
  const { tokenHash, lineHashes, lineTokenCounts } = fingerprint;
  const functions: number[] = [];
  for (let i = 0; i + 1 < previous.functions.length; i += 2) {
    const start = lineMap.get(previous.functions[i]!);
    const end = lineMap.get(previous.functions[i + 1]!);
    if (start !== undefined && end !== undefined) functions.push(start, end);
  }
  const frames = remapFrames(previous.frames, lineMap, lineHashList(previous.lineHashes), lineHashList(lineHashes));
  return {
    hash: contentHash(content),
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    tokenHash,
    lineHashes,
    lineTokenCounts,
    statementLines: encodeLines(remapShape(decodeLines(previous.statementLines), lineMap)),
    moduleLines: encodeLines(remapShape(decodeLines(previous.moduleLines), lineMap)),
    functions,
    ...(frames ? { frames } : {}),
  };
}

/** `recorded`: the size, mtime and staleness of the source's record; the record itself is read only when they differ. */
function detectSourceChange(
  file: string,
  source: string,
  recorded: SourceStat,
  readRecord: () => SourceRecord | undefined,
  changes: ChangeSet,
  known: KnownStats | undefined,
): void {
  if (recorded[2] !== 1 && knownUnchanged(known, file, { size: recorded[0], mtimeMs: recorded[1] })) return;
  const stat = statOf(file);
  if (!stat) {
    changes.sources.push({ source, kind: 'deleted', detail: 'deleted or renamed' });
    return;
  }
  if (recorded[2] === 1) {
    changes.sources.push({ source, kind: 'stale', detail: 'changed while it was being recorded' });
    return;
  }
  if (sameStat(stat, { size: recorded[0], mtimeMs: recorded[1] })) return;
  const record = readRecord();
  if (!record) return;
  const content = fs.readFileSync(file);
  const hash = contentHash(content);
  if (hash === record.hash) {
    changes.refreshedSources.push({ source, size: stat.size, mtimeMs: stat.mtimeMs });
    return;
  }
  const syntaxError = syntaxErrorOf(file, content.toString('utf8'));
  if (syntaxError) {
    changes.sources.push({ source, kind: 'unparseable', detail: `does not parse: ${syntaxError}` });
    return;
  }
  const fingerprint = fingerprintSource(content.toString('utf8'));
  if (fingerprint.tokenHash === record.tokenHash) {
    // Comments, whitespace, formatting: nothing to run, but recorded lines may have moved.
    const lineMap = mapLinesByTokens(record.lineTokenCounts, fingerprint.lineTokenCounts);
    changes.rebases.push({ source, record: rebasedRecord(record, content, fingerprint, stat, lineMap), lineMap });
    return;
  }
  const lineChanges = diffLineHashes(lineHashList(record.lineHashes), lineHashList(fingerprint.lineHashes));
  const bodyOnlyLines = bodyOnlyChanges(file, content.toString('utf8'), record, lineChanges);
  changes.sources.push({ source, kind: 'modified', changes: lineChanges, record, ...(bodyOnlyLines.length > 0 ? { bodyOnlyLines } : {}) });
  changes.rebases.push({
    source,
    record: rebasedRecord(record, content, fingerprint, stat, lineChanges.lineMap),
    lineMap: lineChanges.lineMap,
    entryLineMap: entryLineMap(lineChanges),
    ...(movesNoEntryLine(lineChanges) ? { entriesStay: true } : {}),
  });
}

/** Key of ChangeSet.testFileChanges: one test file path can be recorded in several versions (one per project). */
export const testFileVersionKey = (testPath: string, hash: string) => `${hash}\0${testPath}`;

/**
 * A changed test file's token line diff against its recorded line hashes; undefined when it cannot be
 * told. A file whose token stream did not change also gets its rebase.
 */
function testFileLineChanges(file: string, record: TestFileRecord, versionKey: string, versions: Map<string, TestFileVersion>): LineChanges | undefined {
  if (!record.lineHashes || !record.tokenHash) return undefined;
  // The stat before the read: a write in between then shows as a newer mtime at the next run.
  const stat = statOf(file);
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const content = buffer.toString('utf8');
  // A test file that no longer parses fails as a whole: run all of it.
  if (syntaxErrorOf(file, content)) return undefined;
  const current = fingerprintSource(content);
  const recordedLines = lineHashList(record.lineHashes);
  const currentLines = lineHashList(current.lineHashes);
  const lineChanges = diffFingerprints({ tokenHash: record.tokenHash, lineHashes: recordedLines }, { tokenHash: current.tokenHash, lineHashes: currentLines });
  if (current.tokenHash === record.tokenHash && stat) {
    versions.set(versionKey, { hash: contentHash(buffer), ...stat, lineHashes: currentLines, lineMap: diffLineHashes(recordedLines, currentLines).lineMap });
  }
  return lineChanges;
}

/**
 * Compares every recorded source, test file and non-instrumented dependency with what is on disk now:
 * size and mtime first, the content hash only when those differ, and a token-level line diff for
 * sources whose content changed. Needs no git: a dirty tree or no repository at all work the same.
 * `known`: sizes and mtimes this run already has (Jest's haste map), used instead of a stat to
 * confirm that a file is unchanged.
 */
export function detectChanges(store: ImpactStore, rootDir: string, known?: KnownStats): ChangeSet {
  const changes: ChangeSet = {
    sources: [],
    rebases: [],
    refreshedSources: [],
    refreshedTestFiles: [],
    refreshedDependencies: [],
    dependencyHashes: new Map(),
    testFileHashes: new Map(),
    testFileChanges: new Map(),
    testFileRebases: [],
  };
  const tokenEqualVersions = new Map<string, TestFileVersion>();
  const resolve = resolverUnder(rootDir);
  const missingFolders = new MissingFolders();
  for (const [source, recorded] of store.sourceStats()) detectSourceChange(resolve(source), source, recorded, () => store.source(source), changes, known);
  const testFileStates = new Map<string, InputState>();
  for (const { project, testPath, head } of store.testFileHeads()) {
    let state = testFileStates.get(testPath);
    if (!state) {
      state = currentInputState('content', resolve(testPath), head, known);
      testFileStates.set(testPath, state);
      changes.testFileHashes.set(testPath, state.hash);
    }
    if (movedUnchanged(state, head)) changes.refreshedTestFiles.push({ project, testPath, hash: head.hash, size: state.size, mtimeMs: state.mtimeMs });
    const versionKey = testFileVersionKey(testPath, head.hash);
    const changed = changes.testFileHashes.get(testPath) !== head.hash;
    // The whole record (line hashes, spans) only for a test file whose content changed.
    const record = changed ? store.testFile(project, testPath) : undefined;
    if (record && !changes.testFileChanges.has(versionKey)) {
      changes.testFileChanges.set(versionKey, testFileLineChanges(resolve(testPath), record, versionKey, tokenEqualVersions));
    }
    const version = tokenEqualVersions.get(versionKey);
    if (record && version && changes.testFileHashes.get(testPath) === version.hash) {
      const testSpans = remapSpans(record.testSpans, version.lineMap);
      changes.testFileRebases.push({
        project,
        testPath,
        fromHash: record.hash,
        update: { hash: version.hash, size: version.size, mtimeMs: version.mtimeMs, lineHashes: lineHashBuffer(version.lineHashes), ...(testSpans ? { testSpans } : {}) },
      });
    }
    for (const [dependency] of head.dependencies) {
      if (!changes.dependencyHashes.has(dependency)) {
        const { kind, file } = parseInputKey(dependency);
        const recorded = store.dependency(dependency);
        const state = currentInputState(kind, resolve(file), recorded, known, missingFolders);
        changes.dependencyHashes.set(dependency, state.hash);
        if (recorded && movedUnchanged(state, recorded)) changes.refreshedDependencies.push({ key: dependency, record: { hash: state.hash, size: state.size, mtimeMs: state.mtimeMs } });
      }
    }
  }
  return changes;
}
