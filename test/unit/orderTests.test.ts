import { describe, expect, test } from '@jest/globals';
import { orderBySelection } from '../../src/select/orderTests';
import type { FileSelection } from '../../src/select/selectTests';

const selected = (name: string, fields: Partial<FileSelection>): [string, FileSelection] => [
  name,
  { project: '.', testPath: name, all: true, tests: new Set(), reasons: [], touchedLines: 0, failedBefore: false, durationMs: 0, ...fields },
];

describe('orderBySelection', () => {
  test('failed before first, then most changed lines touched, then fastest; the rest after, in Jest order', () => {
    const selections = new Map([
      selected('slow-touching-2', { touchedLines: 2, durationMs: 900 }),
      selected('fast-touching-2', { touchedLines: 2, durationMs: 10 }),
      selected('touching-5', { touchedLines: 5, durationMs: 5000 }),
      selected('failed', { failedBefore: true, durationMs: 9999 }),
    ]);
    const jestOrder = ['unselected-a', 'slow-touching-2', 'fast-touching-2', 'unselected-b', 'touching-5', 'failed'];
    expect(orderBySelection(jestOrder, (name) => selections.get(name))).toEqual([
      'failed',
      'touching-5',
      'fast-touching-2',
      'slow-touching-2',
      'unselected-a',
      'unselected-b',
    ]);
  });
});
