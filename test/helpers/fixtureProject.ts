import { spawnSync } from 'node:child_process';
import { expect } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installDir, REPO_ROOT, type InstallName } from './installs';

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface JestJsonResult {
  success: boolean;
  /** When the run started (ms since the epoch). */
  startTime: number;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
  snapshot: Record<string, unknown>;
  testResults: Array<{
    name: string;
    status: string;
    message: string;
    assertionResults: Array<{ fullName: string; status: string; ancestorTitles: string[]; title: string }>;
  }>;
}

/**
 * Environment for a child Jest: no CI flag (snapshots are written as on a developer's machine, and watch
 * mode is interactive on a terminal).
 */
export function childEnvironment(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('JEST_') || CI_VARIABLES.has(name) || name === 'NODE_OPTIONS') delete env[name];
  }
  return { ...env, ...extra };
}

/** What ci-info (Jest's isCI) reads besides the vendors' own variables. */
const CI_VARIABLES = new Set(['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID', 'GITHUB_ACTIONS']);

let counter = 0;

/** A copy of one fixture under a shared Jest install, with helpers to run jest and jest-impact in it. */
export class FixtureProject {
  readonly dir: string;

  constructor(
    readonly fixture: string,
    readonly install: InstallName = 'jest30',
    copyOf?: string,
  ) {
    counter += 1;
    this.dir = path.join(installDir(install), 'projects', `${fixture}-${process.pid}-${counter}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
    if (copyOf) {
      fs.cpSync(copyOf, this.dir, { recursive: true, preserveTimestamps: true });
      return;
    }
    const source = path.join(FIXTURES_DIR, fixture);
    // A fixture (or example) that was run by hand has its own node_modules: the shared install must win.
    fs.cpSync(source, this.dir, { recursive: true, filter: (file) => !path.relative(source, file).split(path.sep).includes('node_modules') });
  }

  private get nodeModules(): string {
    return path.join(installDir(this.install), 'node_modules');
  }

  file(relative: string): string {
    return path.join(this.dir, relative);
  }

  read(relative: string): string {
    return fs.readFileSync(this.file(relative), 'utf8');
  }

  write(relative: string, content: string): void {
    fs.mkdirSync(path.dirname(this.file(relative)), { recursive: true });
    fs.writeFileSync(this.file(relative), content);
  }

  /** Arguments of `node` that run the real jest CLI of the install, with the install's shared cache. */
  jestArguments(args: string[]): string[] {
    return [path.join(this.nodeModules, 'jest', 'bin', 'jest.js'), '--ci=false', `--cacheDirectory=${path.join(installDir(this.install), '.jest-cache')}`, ...args];
  }

  /** Runs the real jest CLI of the install. */
  jest(args: string[], env: Record<string, string | undefined> = {}): RunResult {
    const result = spawnSync(process.execPath, this.jestArguments(args), { cwd: this.dir, env: childEnvironment(env), encoding: 'utf8', timeout: 180_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Makes the project a git repository with everything committed (`jest --watch` needs one). */
  commitAll(message: string): void {
    const git = (...args: string[]) => {
      const result = spawnSync('git', ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.com', ...args], { cwd: this.dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.stderr}`);
    };
    if (!fs.existsSync(this.file('.git'))) git('init', '--quiet');
    git('add', '--all');
    git('commit', '--quiet', '--message', message);
  }

  /** `jest --runner=jest-runner-impact` */
  jestImpact(args: string[] = [], env: Record<string, string | undefined> = {}): RunResult {
    return this.jest(['--runner=jest-runner-impact', ...args], env);
  }

  /** Runs jest with --json and parses the report written to a file (stdout may hold console output). */
  jestJson(args: string[], env: Record<string, string | undefined> = {}): { run: RunResult; json: JestJsonResult } {
    const output = this.file(`.jest-result-${counter++}.json`);
    const run = this.jest(['--json', `--outputFile=${output}`, ...args], env);
    if (!fs.existsSync(output)) throw new Error(`jest wrote no JSON report.\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    const json = JSON.parse(fs.readFileSync(output, 'utf8')) as JestJsonResult;
    fs.rmSync(output);
    return { run, json };
  }

  /** Runs the packed `jest-impact` CLI. */
  cli(args: string[], env: Record<string, string | undefined> = {}): RunResult {
    const result = spawnSync(process.execPath, [path.join(this.nodeModules, 'jest-runner-impact', 'build', 'cli', 'main.js'), ...args], {
      cwd: this.dir,
      env: childEnvironment(env),
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** `jest-impact why TARGET --json` as line -> sorted test names. */
  why(target: string, env: Record<string, string | undefined> = {}): Record<number, string[]> {
    const run = this.cli(['why', target, '--json'], env);
    if (run.status !== 0 && run.status !== 1) throw new Error(`jest-impact why failed:\n${run.stderr}`);
    const answer = JSON.parse(run.stdout || '{"lines":[]}') as { lines: Array<{ line: number; tests: string[] }> };
    return Object.fromEntries(answer.lines.map(({ line, tests }) => [line, tests]));
  }

  /** A copy of this project in a new directory, as it is now (a recorded store included), file timestamps kept. */
  clone(): FixtureProject {
    return new FixtureProject(this.fixture, this.install, this.dir);
  }

  /**
   * Copies the project directory as it is now (a recorded store under node_modules/.cache included) to
   * `target`, keeping file timestamps, so that restoreFrom(target) can bring this state back.
   */
  saveTo(target: string): void {
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(this.dir, target, { recursive: true, preserveTimestamps: true });
  }

  /**
   * Replaces the project directory with a fresh copy of `source` (written by saveTo), timestamps kept. The
   * path stays the same, so Jest normalises the same config (its `id` hashes the rootDir path).
   */
  restoreFrom(source: string): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.cpSync(source, this.dir, { recursive: true, preserveTimestamps: true });
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What must be equal between the default runner and ours: per file status and per test outcome. */
export function comparableResults(json: JestJsonResult) {
  return {
    success: json.success,
    counts: [json.numTotalTests, json.numPassedTests, json.numFailedTests, json.numPendingTests, json.numTotalTestSuites, json.numFailedTestSuites, json.numRuntimeErrorTestSuites],
    snapshot: Object.fromEntries(Object.entries(json.snapshot).filter(([key]) => key !== 'filesRemovedList' || true)),
    files: json.testResults
      .map((file) => ({
        name: file.name,
        status: file.status,
        tests: file.assertionResults.map((test) => `${test.status}: ${test.fullName}`),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Lines of the runner's stderr that are ours, e.g. the Impact summary and warnings. */
export function impactLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('Impact:') || line.startsWith('jest-runner-impact:'))
    .map((line) => line.trim());
}

/** Runs the default runner, then ours, and checks that Jest reported the same results with both. */
export function runBothRunners(project: FixtureProject, args: string[], env: Record<string, string | undefined> = {}) {
  const plain = project.jestJson(args);
  const impact = project.jestJson(['--runner=jest-runner-impact', ...args], env);
  expect(comparableResults(impact.json)).toEqual(comparableResults(plain.json));
  return { plain, impact };
}

/** `jest-impact status --json` of the project's store. */
export function impactStatus(project: FixtureProject, env: Record<string, string | undefined> = {}): Record<string, unknown> {
  const run = project.cli(['status', '--json'], env);
  if (run.status !== 0) throw new Error(`jest-impact status failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
