import { EventEmitter } from 'node:events';
import { describe, expect, test } from '@jest/globals';
import type { GlobalConfig, JestTest, TestContext } from '../../src/runner/jestTypes';
import { keyMayStartRun, listenToWatchKeys } from '../../src/runner/watchKeys';
import { runTriggerOf } from '../../src/runner/watchTrigger';

/** A terminal's stdin as Jest's watch mode reads it: raw mode, keys as 'data' chunks. */
class TerminalInput extends EventEmitter {
  setRawMode(): this {
    return this;
  }
}

const watchAll: GlobalConfig = { rootDir: '/p', collectCoverage: false, coverageProvider: 'babel', collectCoverageFrom: [], maxWorkers: 2, watchAll: true };
const context = (): TestContext => ({ config: { id: 'c', rootDir: '/p', testRunner: 'circus' } }) as TestContext;
const testsOf = (ofContext: TestContext): JestTest[] => [{ path: '/p/a.test.js', context: ofContext }];

describe('runTriggerOf: what started a watch run', () => {
  const terminal = new TerminalInput();
  listenToWatchKeys(terminal as unknown as NodeJS.ReadStream);

  test('outside watch mode, nothing', () => {
    expect(runTriggerOf({ ...watchAll, watchAll: false }, testsOf(context()))).toBe('not-watching');
  });

  test('the contexts of the last run again: a key; a new context and no key since: a file change', () => {
    const first = context();
    expect(runTriggerOf(watchAll, testsOf(first))).toBe('file-change');
    terminal.emit('data', '\r');
    expect(runTriggerOf(watchAll, testsOf(first))).toBe('key');
    expect(runTriggerOf(watchAll, testsOf(context()))).toBe('file-change');
  });

  test('a new context made during the last run, then a key that starts runs: the key', () => {
    terminal.emit('data', 'a');
    expect(runTriggerOf(watchAll, testsOf(context()))).toBe('key');
  });

  test('a new context after keys that start no run (usage, a prompt opened or left): a file change', () => {
    terminal.emit('data', 'p');
    terminal.emit('data', 'm');
    terminal.emit('data', '\u001b');
    expect(runTriggerOf(watchAll, testsOf(context()))).toBe('file-change');
    terminal.emit('data', 'w');
    expect(runTriggerOf(watchAll, testsOf(context()))).toBe('file-change');
  });
});

describe('keyMayStartRun', () => {
  test.each([
    ['\r', true],
    ['a', true],
    ['f', true],
    ['s', true],
    ['w', false],
    ['p', false],
    ['t', false],
    ['q', false],
    ['\u001b', false],
  ])('%j: %s', (key, expected) => {
    expect(keyMayStartRun(key)).toBe(expected);
  });
});
