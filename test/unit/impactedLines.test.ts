import { describe, expect, test } from '@jest/globals';
import { diffLineHashes } from '../../src/changes/lineDiff';
import { fingerprintSource, lineHashList } from '../../src/changes/fingerprint';
import { impactOfChange } from '../../src/select/impactedLines';
import { encodeLines } from '../../src/store/lineEncoding';
import type { SourceRecord } from '../../src/store/schema';

// Lines:                1                       2                3                4           5    6
const SOURCE = ['const LIMIT = 10;', 'function clamp(x) {', '  if (x > LIMIT) {', '    return LIMIT;', '  }', '  return x;', '}', 'module.exports = { clamp };'].join('\n');

/** The record the runner would store: statements on 1, 3, 4, 6, 8; module-level 1 and 8; clamp spans 2-7. */
function recordOf(source: string): SourceRecord {
  const { tokenHash, lineHashes, lineTokenCounts } = fingerprintSource(source);
  return {
    hash: 'h',
    size: source.length,
    mtimeMs: 0,
    tokenHash,
    lineHashes,
    lineTokenCounts,
    statementLines: encodeLines([1, 3, 4, 6, 8]),
    moduleLines: encodeLines([1, 8]),
    functions: [2, 7],
  };
}

function impactOf(edited: string) {
  const record = recordOf(SOURCE);
  const impact = impactOfChange(record, diffLineHashes(lineHashList(record.lineHashes), lineHashList(fingerprintSource(edited).lineHashes)));
  return { moduleLevel: impact.moduleLevel, lines: [...impact.lines].sort((a, b) => a - b), changed: impact.changedLines };
}

describe('impactOfChange (rules 5 and 6)', () => {
  test.each([
    ['a statement inside a function: that line', SOURCE.replace('return LIMIT;', 'return LIMIT - 1;'), { moduleLevel: false, lines: [4], changed: [4] }],
    ['a line without a statement of its own: the whole function', SOURCE.replace('  }\n', '  };\n'), {
      moduleLevel: false,
      lines: [2, 3, 4, 5, 6, 7],
      changed: [5],
    }],
    ['the parameter list: the whole function', SOURCE.replace('clamp(x)', 'clamp(x, y)'), { moduleLevel: false, lines: [2, 3, 4, 5, 6, 7], changed: [2] }],
    ['a line inserted inside a function: the whole function', SOURCE.replace('  return x;', '  x = x | 0;\n  return x;'), {
      moduleLevel: false,
      lines: [2, 3, 4, 5, 6, 7],
      changed: [6],
    }],
    ['a module-level constant: every loader', SOURCE.replace('= 10;', '= 11;'), { moduleLevel: true, lines: [], changed: [1] }],
    ['an export: every loader', SOURCE.replace('{ clamp }', '{ clamp, LIMIT }'), { moduleLevel: true, lines: [], changed: [8] }],
    ['a line inserted at module level: every loader', `${SOURCE}\nmodule.exports.extra = 1;`, { moduleLevel: true, lines: [], changed: [9] }],
  ])('%s', (_name, edited, expected) => {
    expect(impactOf(edited)).toEqual(expected);
  });
});
