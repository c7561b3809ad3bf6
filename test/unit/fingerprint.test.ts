import { describe, expect, test } from '@jest/globals';
import { contentHash, fingerprintSource, significantTokensByLine } from '../../src/changes/fingerprint';

const lineHashes = (source: string) => {
  const { lineHashes: buffer } = fingerprintSource(source);
  return Array.from({ length: buffer.length / 4 }, (_, i) => buffer.readUInt32BE(i * 4));
};

describe('significant tokens by line', () => {
  test('drops whitespace and comments, keeps lines aligned', () => {
    expect(significantTokensByLine('const a = 1; // one\n/* two\n lines */\nreturn `x\ny`;')).toEqual([
      ['const', 'a', '=', '1', ';'],
      [],
      [],
      ['return', '`x\ny`'],
      [';'],
    ]);
  });

  test.each(['/* istanbul ignore next */', '/** @jest-environment jsdom */', '// @ts-ignore', '/*#__PURE__*/'])('keeps the directive comment %s', (comment) => {
    expect(significantTokensByLine(`${comment}\nf();`)[0]).toEqual([comment]);
  });
});

describe('fingerprints', () => {
  const original = 'function add(x, y) {\n  return x + y;\n}\n';

  test.each([
    ['a comment', 'function add(x, y) {\n  // sum\n  return x + y;\n}\n'],
    ['reformatting', 'function add(x,y){return x+y;}\n'],
    ['trailing whitespace', 'function add(x, y) {   \n  return x + y;\n}\n\n\n'],
  ])('%s leaves the token hash unchanged', (_name, edited) => {
    expect(fingerprintSource(edited).tokenHash).toBe(fingerprintSource(original).tokenHash);
  });

  test('a changed operator changes the token hash and exactly that line hash', () => {
    const before = lineHashes(original);
    const after = lineHashes(original.replace('x + y', 'x - y'));
    expect(fingerprintSource(original.replace('x + y', 'x - y')).tokenHash).not.toBe(fingerprintSource(original).tokenHash);
    expect(after.map((hash, index) => hash !== before[index])).toEqual([false, true, false, false]);
  });

  test('a line without tokens hashes to 0, a line with tokens never does', () => {
    expect(lineHashes('a();\n\n// c\nb();')).toEqual([expect.any(Number), 0, 0, expect.any(Number)]);
    expect(lineHashes('a();')[0]).not.toBe(0);
  });

  test('content hash is sha1 of the bytes', () => {
    expect(contentHash('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});
