import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnvironment, impactLines, type FixtureProject, type JestJsonResult } from './fixtureProject';

/** One watch run as the test sees it: Jest's JSON report of the run and the runner's lines. */
export interface WatchRun {
  json: JestJsonResult;
  impact: string[];
}

const RUN_TIMEOUT_MS = 60_000;
/** Jest writes the report, then ends the run: wait this long with no output before the next key. */
const SETTLE_MS = 400;
const KEY_INTERVAL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
// eslint-disable-next-line no-control-regex
const stripTerminalCodes = (text: string) => text.replace(/\x1b\[[?0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

/**
 * A real `jest --watch` on a pseudo-terminal (util-linux `script`): Jest reads keys only when stdin is a
 * terminal. Each run writes a JSON report outside the project (a file inside it would start a run).
 */
export class WatchSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-impact-watch-'));
  private readonly report = path.join(this.reportDir, 'report.json');
  private output = '';
  private lastOutputAt = Date.now();
  private exited: Promise<number | null>;

  /**
   * `holdTerminalMs`: keep the terminal open that long after Jest ends, as a user's terminal stays open
   * (a closing terminal hangs up every process still attached to it, Jest's workers too).
   */
  constructor(project: FixtureProject, args: string[], env: Record<string, string> = {}, { holdTerminalMs = 0 } = {}) {
    const jest = [process.execPath, ...project.jestArguments(['--json', `--outputFile=${this.report}`, ...args])].map(shellQuote).join(' ');
    const command = holdTerminalMs > 0 ? `stty cols 160 rows 50; ${jest}; code=$?; sleep ${holdTerminalMs / 1000}; exit $code` : `stty cols 160 rows 50; exec ${jest}`;
    this.child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
      cwd: project.dir,
      env: childEnvironment({ TERM: 'xterm', ...env }),
      // Its own process group, so that close() ends Jest and its workers with it.
      detached: true,
    });
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      this.lastOutputAt = Date.now();
    };
    this.child.stdout.on('data', collect);
    this.child.stderr.on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Everything the terminal showed so far, without colours and cursor moves. */
  get screen(): string {
    return stripTerminalCodes(this.output);
  }

  /** Does `action` (an edit, a key), then waits for the run it starts and returns its report. */
  async run(action: () => void | Promise<void> = () => {}): Promise<WatchRun> {
    fs.rmSync(this.report, { force: true });
    const from = this.output.length;
    const actionAt = Date.now();
    await action();
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    let json: JestJsonResult | undefined;
    while (!json) {
      if (Date.now() > deadline) throw new Error(`No watch run finished within ${RUN_TIMEOUT_MS} ms. The terminal showed:\n${this.screen}`);
      await sleep(100);
      let report: JestJsonResult;
      try {
        report = JSON.parse(fs.readFileSync(this.report, 'utf8')) as JestJsonResult;
      } catch {
        continue; // Not written yet, or half written.
      }
      // A run that started before the action is not its run: a save Jest saw as two changes under load
      // starts a second run, which can end after the first one's report was read.
      if (report.startTime >= actionAt) json = report;
      else fs.rmSync(this.report, { force: true });
    }
    while (Date.now() - this.lastOutputAt < SETTLE_MS) await sleep(100);
    return { json, impact: impactLines(stripTerminalCodes(this.output.slice(from))) };
  }

  /**
   * Types keys into Jest's terminal, one at a time: Jest reads each chunk of raw input as one key, so
   * `t` and a pattern written at once would be one unknown key.
   */
  async press(keys: string): Promise<void> {
    for (const key of keys) {
      this.child.stdin.write(key);
      await sleep(KEY_INTERVAL_MS);
    }
  }

  /** Quits with `q` and returns Jest's exit code. */
  async quit(): Promise<number | null> {
    await this.press('q');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 10_000)));
    const code = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    this.close();
    if (code === 'timeout') throw new Error(`jest --watch did not quit on q. The terminal showed:\n${this.screen}`);
    return code;
  }

  close(): void {
    if (this.child.exitCode === null && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(this.reportDir, { recursive: true, force: true });
  }
}

/** Per test file (relative to the project), the outcome of each test, e.g. `passed: charges US sales tax`. */
export function outcomes(project: FixtureProject, json: JestJsonResult): Record<string, string[]> {
  const files = json.testResults
    .map((file) => [path.relative(project.dir, file.name), file.assertionResults.map((test) => `${test.status}: ${test.fullName}`)] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(files);
}
