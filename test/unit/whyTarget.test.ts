import { describe, expect, test } from '@jest/globals';
import { parseWhyTarget } from '../../src/cli/why';
import { UsageError } from '../../src/errors';

describe('why FILE[:LINE[-LINE]]', () => {
  test.each([
    ['src/tax.js', '/p', { file: 'src/tax.js' }],
    ['src/tax.js:10', '/p', { file: 'src/tax.js', lines: { from: 10, to: 10 } }],
    ['src/tax.js:10-12', '/p', { file: 'src/tax.js', lines: { from: 10, to: 12 } }],
    ['tax.js:3', '/p/src', { file: 'src/tax.js', lines: { from: 3, to: 3 } }],
    ['../lib/x.js', '/p', { file: '../lib/x.js' }],
  ])('%s from %s', (argument, cwd, expected) => {
    expect(parseWhyTarget(argument, '/p', cwd)).toEqual(expected);
  });

  test.each(['src/tax.js:0', 'src/tax.js:9-3', ':4'])('%s is a usage error', (argument) => {
    expect(() => parseWhyTarget(argument, '/p', '/p')).toThrow(UsageError);
  });
});
