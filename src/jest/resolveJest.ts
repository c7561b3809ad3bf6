import * as path from 'node:path';
import { UnsupportedJestError } from '../errors';

export const SUPPORTED_JEST_MAJORS = [27, 28, 29, 30];

/** The constructor of jest-runner's default TestRunner, as much of it as this package calls. */
export interface InnerTestRunner {
  runTests(tests: unknown[], watcher: unknown, options: { serial: boolean }): Promise<void>;
  on(eventName: string, listener: (payload: unknown) => unknown): () => void;
}
export type InnerTestRunnerClass = new (globalConfig: unknown, context: unknown, options?: unknown) => InnerTestRunner;

export type ShouldInstrument = (filename: string, options: Record<string, unknown>, config: unknown) => boolean;

/** @jest/transform's ScriptTransformer, as much of it as this package calls. */
export interface ScriptTransformer {
  transformSource(filename: string, content: string, options: Record<string, unknown>): { code: string };
}
export type CreateScriptTransformer = (config: unknown) => Promise<ScriptTransformer>;

/** The parts of the user's own Jest install the runner composes (never a copy of our own). */
export interface JestInstall {
  version: string;
  major: number;
  jestRunnerDir: string;
  TestRunner: InnerTestRunnerClass;
  shouldInstrument: ShouldInstrument;
  createScriptTransformer: CreateScriptTransformer;
  createEmptyTestResult: () => Record<string, unknown>;
}

function packageDir(name: string, from: string[]): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: from }));
  } catch {
    return undefined;
  }
}

/**
 * Finds jest-runner through the user's `jest` -> `@jest/core` -> `jest-runner`, so the Jest major in
 * the run always matches theirs, then `@jest/test-result` and `@jest/transform` beside it.
 */
export function locateJestRunner(rootDir: string): string {
  const starts = [rootDir, process.cwd()];
  const jestDir = packageDir('jest', starts);
  const coreDir = jestDir ? packageDir('@jest/core', [jestDir]) : undefined;
  const runnerDir = packageDir('jest-runner', [coreDir, jestDir, ...starts].filter((dir): dir is string => Boolean(dir)));
  if (!runnerDir) {
    throw new UnsupportedJestError(
      `Expected to find Jest's jest-runner package from ${rootDir}, got nothing.`,
      'Install jest (27, 28, 29 or 30) in the project: npm install --save-dev jest.',
    );
  }
  return runnerDir;
}

export function readJestVersion(jestRunnerDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(jestRunnerDir, 'package.json')) as { version: string }).version;
}

export function checkJestVersion(version: string): number {
  const major = Number.parseInt(version, 10);
  if (!SUPPORTED_JEST_MAJORS.includes(major)) {
    throw new UnsupportedJestError(
      `jest-runner-impact supports Jest ${SUPPORTED_JEST_MAJORS.slice(0, -1).join(', ')} and ${SUPPORTED_JEST_MAJORS[SUPPORTED_JEST_MAJORS.length - 1]}; this project runs Jest ${version}. Its tests run with Jest's default runner and nothing is recorded.`,
      `Upgrade Jest to ${SUPPORTED_JEST_MAJORS[SUPPORTED_JEST_MAJORS.length - 1]} (npm install --save-dev jest@${SUPPORTED_JEST_MAJORS[SUPPORTED_JEST_MAJORS.length - 1]}), or remove the runner from the Jest config.`,
    );
  }
  return major;
}

function load<T>(modulePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(modulePath) as T & { default?: T };
  return loaded;
}

/** The methods of Jest's default test sequencer (@jest/test-sequencer) that Jest calls. */
export interface TestSequencerInstance {
  shard(tests: unknown[], options: { shardIndex: number; shardCount: number }): unknown[] | Promise<unknown[]>;
  sort(tests: unknown[]): unknown[] | Promise<unknown[]>;
  allFailedTests(tests: unknown[]): unknown[] | Promise<unknown[]>;
  cacheResults(tests: unknown[], results: unknown): void;
}
export type TestSequencerClass = new (options?: unknown) => TestSequencerInstance;

/** The user's own default test sequencer, found beside their jest-runner (through @jest/core). */
export function loadDefaultSequencer(rootDir: string): TestSequencerClass {
  const jestRunnerDir = locateJestRunner(rootDir);
  const coreDir = packageDir('@jest/core', [jestRunnerDir, rootDir, process.cwd()]);
  const sequencerDir = packageDir('@jest/test-sequencer', [coreDir, jestRunnerDir, rootDir].filter((dir): dir is string => Boolean(dir)));
  if (!sequencerDir) {
    throw new UnsupportedJestError(`Expected to find Jest's @jest/test-sequencer from ${rootDir}, got nothing.`, 'Reinstall Jest (rm -rf node_modules && npm install).');
  }
  const loaded = load<{ default?: TestSequencerClass } & TestSequencerClass>(sequencerDir);
  return loaded.default ?? loaded;
}

/** Loads the user's jest-runner (and its siblings); the version check is the caller's. */
export function loadJestInstall(jestRunnerDir: string): JestInstall {
  const version = readJestVersion(jestRunnerDir);
  const transformDir = packageDir('@jest/transform', [jestRunnerDir]);
  const testResultDir = packageDir('@jest/test-result', [jestRunnerDir]);
  const broken = () =>
    new UnsupportedJestError(
      `Expected jest-runner ${version} at ${jestRunnerDir} to export its TestRunner next to @jest/transform and @jest/test-result.`,
      'Reinstall Jest (rm -rf node_modules && npm install).',
    );
  if (!transformDir || !testResultDir) throw broken();
  const transform = load<{ shouldInstrument: ShouldInstrument; createScriptTransformer: CreateScriptTransformer }>(transformDir);
  const testResult = load<{ createEmptyTestResult: () => Record<string, unknown> }>(testResultDir);
  let testRunner: InnerTestRunnerClass | undefined;
  return {
    version,
    major: Number.parseInt(version, 10),
    jestRunnerDir,
    // jest-runner itself on first use: a run that executes no test (nothing changed) never needs it.
    get TestRunner(): InnerTestRunnerClass {
      if (testRunner) return testRunner;
      const jestRunner = load<{ default?: InnerTestRunnerClass; TestRunner?: InnerTestRunnerClass } & Partial<InnerTestRunnerClass>>(jestRunnerDir);
      // Jest 26 and older export the class itself.
      testRunner = jestRunner.default ?? jestRunner.TestRunner ?? (typeof jestRunner === 'function' ? (jestRunner as InnerTestRunnerClass) : undefined);
      if (!testRunner) throw broken();
      return testRunner;
    },
    shouldInstrument: transform.shouldInstrument,
    createScriptTransformer: transform.createScriptTransformer,
    createEmptyTestResult: testResult.createEmptyTestResult,
  };
}
