import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject, impactLines, impactStatus, runBothRunners, type JestJsonResult } from '../helpers/fixtureProject';
import type { InstallName } from '../helpers/installs';
import { readStoreRecord } from '../helpers/storeReader';

/**
 * Workers that die mid-file (process.exit in a test, a SIGKILL): results equal the default runner's,
 * the dead files keep their last records and run again, the others are recorded exactly.
 */

const DEFAULT_STORE = 'node_modules/.cache/jest-runner-impact';

const STRINGS_MAP = {
  1: ['test/shout.test.js › shouts'],
  2: ['test/shout.test.js › shouts'],
  5: ['test/whisper.test.js › whispers'],
  6: ['test/whisper.test.js › whispers'],
  9: ['test/shout.test.js › shouts', 'test/whisper.test.js › whispers'],
};
const NUMBERS_MAP = {
  1: ['test/double.test.js › doubles'],
  2: ['test/double.test.js › doubles'],
  5: ['test/half.test.js › halves'],
  6: ['test/half.test.js › halves'],
  9: ['test/double.test.js › doubles', 'test/half.test.js › halves'],
};

interface Variant {
  install: InstallName;
  /** The files besides the four that pass and exits.test.js, with their status. */
  extraFiles: Record<string, 'passed' | 'failed'>;
}

// The crash fixture sets workerIdleMemoryLimit (Jest 29 and later): otherwise Jest runs a small suite
// with known fast timings in band, and a dying test would end Jest itself (with either runner). Jest 27
// and 28 do not know that option: there a test file slower than Jest's "slow" threshold (1 s) keeps the
// files in workers. Their default runner never ends after a SIGKILLed worker, so killed.test.js runs on
// Jest 29 and 30 only.
const VARIANTS: Variant[] = [
  { install: 'jest30', extraFiles: { 'test/killed.test.js': 'failed' } },
  { install: 'jest29', extraFiles: { 'test/killed.test.js': 'failed' } },
  { install: 'jest28', extraFiles: { 'test/slow.test.js': 'passed' } },
  { install: 'jest27', extraFiles: { 'test/slow.test.js': 'passed' } },
];

describe.each(VARIANTS)('workers that die mid-file on $install', ({ install, extraFiles }) => {
  const project = new FixtureProject('crash', install);
  const store = project.file(DEFAULT_STORE);
  const killed = 'test/killed.test.js' in extraFiles;
  if (!killed) {
    fs.rmSync(project.file('test/killed.test.js'));
    project.write('package.json', JSON.stringify({ name: 'fixture-crash', private: true, jest: { testEnvironment: 'node' } }, null, 2));
    project.write('test/slow.test.js', "test('takes longer than Jest\\'s slow threshold', () => new Promise((resolve) => setTimeout(resolve, 1100)));\n");
  }
  afterAll(() => project.remove());

  const dead = Object.values(extraFiles).filter((status) => status === 'failed').length + 1;
  const recorded = 4 + Object.values(extraFiles).filter((status) => status === 'passed').length;

  function checkCrashRun(plain: { run: { status: number | null } }, impact: { run: { status: number | null; stderr: string }; json: JestJsonResult }, reason: string) {
    expect(impact.run.status).toBe(plain.run.status);
    expect(impact.run.status).toBe(1);
    const byFile = Object.fromEntries(impact.json.testResults.map((file) => [path.relative(project.dir, file.name), file.status]));
    expect(byFile).toEqual({
      'test/double.test.js': 'passed',
      'test/exits.test.js': 'failed',
      'test/half.test.js': 'passed',
      'test/shout.test.js': 'passed',
      'test/whisper.test.js': 'passed',
      ...extraFiles,
    });
    expect(impactLines(impact.run.stderr)).toEqual([`Impact: recorded ${recorded} test files (${recorded} tests) of ${recorded + dead} into ${DEFAULT_STORE} (${reason}).`]);
    expect(impact.run.stderr).toContain(
      dead === 1
        ? '\n  1 test file failed to run: it kept its last records, and runs again next time.\n'
        : `\n  ${dead} test files failed to run: they kept their last records, and run again next time.\n`,
    );

    expect(project.why('src/strings.js')).toEqual(STRINGS_MAP);
    expect(project.why('src/numbers.js')).toEqual(NUMBERS_MAP);
    expect(impactStatus(project)).toMatchObject({ testFiles: recorded + dead, tests: recorded, erroredTestFiles: dead });
    expect(readStoreRecord(store, ['file', '.', 'test/exits.test.js'])).toMatchObject({
      status: 'errored',
      tests: [],
      error: 'Jest worker encountered 4 child process exceptions, exceeding retry limit',
    });
    if (killed) {
      const record = readStoreRecord<{ status: string; error: string; tests: unknown[] }>(store, ['file', '.', 'test/killed.test.js']);
      expect(record).toMatchObject({ status: 'errored', tests: [] });
      expect(record?.error).toMatch(/^A jest worker process \(pid=\d+\) was terminated by another process: signal=SIGKILL, exitCode=null\./);
    }
    expect(readStoreRecord(store, ['file', '.', 'test/shout.test.js'])).toMatchObject({ status: 'passed', tests: [{ id: 'shouts', status: 'passed' }] });
  }

  test('process.exit (and SIGKILL) in tests: results equal the default runner, the other files are recorded exactly', () => {
    const { plain, impact } = runBothRunners(project, ['--maxWorkers=2']);
    checkCrashRun(plain, impact, 'first run: no store yet');
  });

  test('the next run opens the store cleanly and records again', () => {
    const { plain, impact } = runBothRunners(project, ['--maxWorkers=2'], { JEST_IMPACT_MODE: 'all' });
    checkCrashRun(plain, impact, 'mode: all');
  });
});
