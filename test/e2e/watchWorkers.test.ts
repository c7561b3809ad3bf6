import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject } from '../helpers/fixtureProject';
import type { InstallName } from '../helpers/installs';
import { outcomes, WatchSession } from '../helpers/watchSession';

const HOLD_TERMINAL_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Running: a process that has ended but was not yet reaped (a zombie, state Z) is not. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

// --watchAll with two candidate files and two workers: every Jest major then hands the runner a run
// in workers (Jest 27 and 28 run a single candidate, or a single worker, in band in watch mode).
describe.each<InstallName>(['jest30', 'jest29', 'jest28', 'jest27'])('a watch session on %s keeps its workers from save to save', (install) => {
  const project = new FixtureProject('watch-workers', install);
  let logDir: string | undefined;
  let session: WatchSession | undefined;
  afterAll(() => {
    session?.close();
    project.remove();
    if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
  });

  test('each save runs in the same worker process, which resolves files added and removed since, and ends with the session', async () => {
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-impact-workers-'));
    const log = path.join(logDir, 'workers.log');
    project.commitAll('fixture');
    expect(project.jestImpact().status).toBe(0);
    const watch = new WatchSession(project, ['--watchAll', '--maxWorkers=2', '--runner=jest-runner-impact'], { FIXTURE_WORKER_LOG: log }, { holdTerminalMs: HOLD_TERMINAL_MS });
    session = watch;
    const edit = (file: string, from: string, to: string) => () => project.write(file, project.read(file).replace(from, to));
    const greets = { 'test/count.test.js': ['pending: counts items'], 'test/greeting.test.js': ['passed: greets by name'] };

    expect((await watch.run()).json.numPendingTests).toBe(2);
    const first = await watch.run(edit('src/greeting.js', '${word}, ${name}', '${word}, dear ${name}'));
    expect(outcomes(project, first.json)).toEqual(greets);
    const second = await watch.run(edit('src/word.js', "'hello'", "'hi'"));
    expect(outcomes(project, second.json)).toEqual(greets);

    // A file that './word' resolves to once src/word.js is gone; nothing loads it yet.
    const added = await watch.run(() => project.write('src/word.json', '{ "word": "hey" }\n'));
    expect(added.json.numPendingTests).toBe(2);
    // src/word.js removed: the worker that resolved './word' to it two runs ago must now find the JSON file.
    const removed = await watch.run(() => fs.rmSync(project.file('src/word.js')));
    expect(outcomes(project, removed.json)).toEqual(greets);

    // Each line: the process that ran the test, and what it said. New workers for each run would be
    // three processes; the session's two workers are at most two.
    const runs = fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' '));
    expect(runs.map(([, kind, ...said]) => `${kind} ${said.join(' ')}`)).toEqual(['child hello, dear Ada', 'child hi, dear Ada', 'child hey, dear Ada']);
    const workers = [...new Set(runs.map(([pid]) => Number(pid)))];
    expect(workers.length).toBeLessThanOrEqual(2);
    expect(workers.filter(isAlive)).toEqual(workers);

    // The test file leaves a timer running in them: they end with Jest, while the terminal is still open.
    const quitting = watch.quit();
    for (let waited = 0; workers.some(isAlive) && waited < HOLD_TERMINAL_MS / 2; waited += 100) await sleep(100);
    expect(workers.filter(isAlive)).toEqual([]);
    expect(await quitting).toBe(0);
  });
});
