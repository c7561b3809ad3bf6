import type { diffArrays as DiffArrays } from 'diff';

/** Which recorded lines a new version of a file changed, and where the unchanged ones moved. */
export interface LineChanges {
  /** Old lines whose significant tokens changed or were removed. */
  changedLines: number[];
  /** Old lines after which new token lines were inserted (0: before the first line). */
  insertedAfter: number[];
  /** Old line -> new line, for every old line with tokens that is unchanged. */
  lineMap: Map<number, number>;
  /** Old line -> new line, for changed lines replaced one for one (a run of removed lines next to as many added). */
  replacedBy: Map<number, number>;
}

interface TokenLine {
  line: number;
  hash: number;
}

function tokenLines(hashes: readonly number[]): TokenLine[] {
  const lines: TokenLine[] = [];
  hashes.forEach((hash, index) => {
    if (hash !== 0) lines.push({ line: index + 1, hash });
  });
  return lines;
}

/**
 * Line diff (jsdiff's Myers diff over per-line token hashes) of a recorded file against its current
 * version. Lines without tokens (blank, comment-only) take no part, so comments and blank lines
 * change nothing; a run of removed lines next to added lines is a modification, an added run on its
 * own is an insertion after the old line before it.
 */
export function diffLineHashes(oldHashes: readonly number[], newHashes: readonly number[]): LineChanges {
  const before = tokenLines(oldHashes);
  const after = tokenLines(newHashes);
  // Loaded on first use, and only jsdiff's array diff (its whole index costs ~12 ms of start-up).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { diffArrays } = require('diff/lib/diff/array.js') as { diffArrays: typeof DiffArrays };
  const parts = diffArrays(
    before.map((line) => line.hash),
    after.map((line) => line.hash),
  );
  const changedLines: number[] = [];
  const insertedAfter: number[] = [];
  const lineMap = new Map<number, number>();
  let oldIndex = 0;
  let newIndex = 0;
  const replacedBy = new Map<number, number>();
  parts.forEach((part, index) => {
    if (part.removed) {
      for (let i = 0; i < part.count; i++) changedLines.push(before[oldIndex + i]!.line);
      const next = parts[index + 1];
      if (next?.added && next.count === part.count) {
        for (let i = 0; i < part.count; i++) replacedBy.set(before[oldIndex + i]!.line, after[newIndex + i]!.line);
      }
      oldIndex += part.count;
    } else if (part.added) {
      const nextToRemoval = parts[index - 1]?.removed === true || parts[index + 1]?.removed === true;
      if (!nextToRemoval) insertedAfter.push(oldIndex === 0 ? 0 : before[oldIndex - 1]!.line);
      const next = parts[index + 1];
      if (next?.removed && next.count === part.count && parts[index - 1]?.removed !== true) {
        for (let i = 0; i < part.count; i++) replacedBy.set(before[oldIndex + i]!.line, after[newIndex + i]!.line);
      }
      newIndex += part.count;
    } else {
      for (let i = 0; i < part.count; i++) lineMap.set(before[oldIndex + i]!.line, after[newIndex + i]!.line);
      oldIndex += part.count;
      newIndex += part.count;
    }
  });
  return { changedLines, insertedAfter, lineMap, replacedBy };
}

/**
 * Old line -> new line for a rebase of the line entries: the unchanged lines, and the changed lines
 * replaced one for one, which keep the tests that executed their previous version. Those tests are
 * marked dirty in the same transaction (DESIGN.md §4 rule 10), so nothing depends on the kept entries
 * until they run again and record the line anew; an edit that moves no line then rewrites no entry.
 */
export function entryLineMap(changes: LineChanges): Map<number, number> {
  if (changes.replacedBy.size === 0) return changes.lineMap;
  return new Map([...changes.lineMap, ...changes.replacedBy]);
}

/** Whether entryLineMap keeps every recorded line where it was: then a rebase leaves every line entry as it is. */
export function movesNoEntryLine(changes: LineChanges): boolean {
  for (const [from, to] of changes.lineMap) if (from !== to) return false;
  for (const line of changes.changedLines) if (changes.replacedBy.get(line) !== line) return false;
  return true;
}

/**
 * The line changes between a recorded fingerprint and the current one: none when the token stream is
 * the same (comments, whitespace, formatting: DESIGN.md §4 rule 7), else the line diff.
 */
export function diffFingerprints(
  recorded: { tokenHash: string; lineHashes: readonly number[] },
  current: { tokenHash: string; lineHashes: readonly number[] },
): LineChanges {
  if (recorded.tokenHash === current.tokenHash) return { changedLines: [], insertedAfter: [], lineMap: new Map(), replacedBy: new Map() };
  return diffLineHashes(recorded.lineHashes, current.lineHashes);
}

/**
 * For a file whose token stream is unchanged (comments, whitespace, formatting): each old line maps to
 * the new line where its first token now starts.
 */
export function mapLinesByTokens(oldCounts: readonly number[], newCounts: readonly number[]): Map<number, number> {
  const lineOfToken: number[] = [];
  newCounts.forEach((count, index) => {
    for (let i = 0; i < count; i++) lineOfToken.push(index + 1);
  });
  const lineMap = new Map<number, number>();
  let token = 0;
  oldCounts.forEach((count, index) => {
    if (count > 0 && token < lineOfToken.length) lineMap.set(index + 1, lineOfToken[token]!);
    token += count;
  });
  return lineMap;
}
