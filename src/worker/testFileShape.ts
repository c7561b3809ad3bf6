import * as fs from 'node:fs';
import { contentHash, fingerprintSource, lineHashList } from '../changes/fingerprint';
import { testSpansOf } from '../changes/testSpans';
import type { TestFileShape } from '../recording';

/**
 * The version of the test file the worker ran: its hash, per-line token hashes and test spans. Read in
 * the worker, so that the parent's hot path does not parse test files; undefined when it cannot be read.
 * When the content is the version the store recorded (`recordedHash`), only the hash: no parse.
 */
export function testFileShapeOf(testPath: string, recordedHash?: string): TestFileShape | undefined {
  let content: string;
  try {
    content = fs.readFileSync(testPath, 'utf8');
  } catch {
    return undefined;
  }
  const hash = contentHash(content);
  if (hash === recordedHash) return { hash, unchanged: true };
  const spans = testSpansOf(testPath, content);
  const { tokenHash, lineHashes } = fingerprintSource(content);
  return {
    hash,
    tokenHash,
    lineHashes: lineHashList(lineHashes),
    ...(spans ? { spans } : {}),
  };
}
