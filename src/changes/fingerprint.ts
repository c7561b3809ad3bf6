import { createHash } from 'node:crypto';
import jsTokens from 'js-tokens';

/**
 * Comments that change behaviour count as code (DESIGN.md §4 rule 7): coverage directives, the
 * `@jest-environment` docblock, JSX/Flow/TypeScript pragmas and pure annotations.
 */
const DIRECTIVE_COMMENT = /istanbul\s+ignore|c8\s+ignore|v8\s+ignore|@jest-environment|@jsx|@flow|@ts-(?:ignore|expect-error|nocheck)|[#@]__PURE__/;

const INSIGNIFICANT = new Set(['WhiteSpace', 'LineTerminatorSequence']);
const COMMENTS = new Set(['SingleLineComment', 'MultiLineComment', 'HashbangComment']);

export interface SourceFingerprint {
  /** sha1 of the significant tokens, in order: equal for a comment-only or formatting-only edit. */
  tokenHash: string;
  /** One uint32 (big-endian) per line: hash of that line's significant tokens, 0 for a line without any. */
  lineHashes: Buffer;
  /** Significant tokens starting on each line: maps lines through a reformat, where tokens move between lines. */
  lineTokenCounts: number[];
}

/**
 * FNV-1a over the UTF-16 code units of a line's tokens: a 32-bit hash, as collision-resistant for
 * telling lines apart as a truncated sha1, and an order of magnitude cheaper per line (fingerprints
 * are taken of every source and test file a recording run loads). 0 is kept for "no tokens".
 */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  const value = hash >>> 0;
  return value === 0 ? 1 : value;
}

/** Whether a token counts for the fingerprint: not whitespace, and not a comment unless a directive. */
export function isSignificantToken(token: { type: string; value: string }): boolean {
  return !INSIGNIFICANT.has(token.type) && (!COMMENTS.has(token.type) || DIRECTIVE_COMMENT.test(token.value));
}

/** Significant tokens of JavaScript or TypeScript source, grouped by the line each one starts on. */
export function significantTokensByLine(source: string): string[][] {
  const lines: string[][] = [[]];
  for (const token of jsTokens(source)) {
    const newlines = token.value.match(/\r\n|[\n\r\u2028\u2029]/g)?.length ?? 0;
    if (isSignificantToken(token)) lines[lines.length - 1]!.push(token.value);
    for (let i = 0; i < newlines; i++) lines.push([]);
  }
  return lines;
}

export function fingerprintSource(source: string): SourceFingerprint {
  const lines = significantTokensByLine(source);
  const stream = createHash('sha1');
  const lineHashes = Buffer.alloc(lines.length * 4);
  lines.forEach((tokens, index) => {
    if (tokens.length === 0) return;
    const text = tokens.join('\u0000');
    stream.update(text).update('\u0000');
    lineHashes.writeUInt32BE(hash32(text), index * 4);
  });
  return { tokenHash: stream.digest('hex'), lineHashes, lineTokenCounts: lines.map((tokens) => tokens.length) };
}

export function contentHash(content: string | Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

/** The line hashes of a fingerprint as numbers, one per line (0 for a line without tokens). */
export function lineHashList(lineHashes: Buffer | Uint8Array): number[] {
  const buffer = Buffer.from(lineHashes.buffer, lineHashes.byteOffset, lineHashes.byteLength);
  return Array.from({ length: buffer.length / 4 }, (_, i) => buffer.readUInt32BE(i * 4));
}

/** The inverse of lineHashList: numbers back into one uint32 (big-endian) per line. */
export function lineHashBuffer(hashes: readonly number[]): Buffer {
  const buffer = Buffer.alloc(hashes.length * 4);
  hashes.forEach((hash, index) => buffer.writeUInt32BE(hash, index * 4));
  return buffer;
}
