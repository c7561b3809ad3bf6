import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { contentHash } from '../../src/changes/fingerprint';
import { testFileShapeOf } from '../../src/worker/testFileShape';

describe('testFileShapeOf: the version of a test file a worker ran', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-file-shape-'));
  const file = path.join(dir, 'a.test.js');
  const content = "test('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n";
  fs.writeFileSync(file, content);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the version the store recorded: only its hash, no parse', () => {
    expect(testFileShapeOf(file, contentHash(content))).toEqual({ hash: contentHash(content), unchanged: true });
  });

  test('another version: hash, token hash, line hashes and test spans', () => {
    const shape = testFileShapeOf(file, 'an older hash');
    expect(shape).toMatchObject({ hash: contentHash(content), spans: [{ start: 1, end: 3 }] });
    expect(shape && !shape.unchanged && shape.lineHashes.length).toBe(4);
  });

  test('a file that cannot be read: nothing', () => {
    expect(testFileShapeOf(path.join(dir, 'missing.test.js'))).toBeUndefined();
  });
});
