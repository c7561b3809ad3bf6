/**
 * The shapes of Jest objects the parent side reads. Jest's own types differ a little between 29 and
 * 30; these are the fields both have (jest-runner/src/types.ts, @jest/test-result/src/types.ts).
 */
export interface ProjectConfig {
  id: string;
  rootDir: string;
  testRunner: string;
  cacheDirectory?: string;
  displayName?: { name: string };
  [key: string]: unknown;
}

export interface GlobalConfig {
  rootDir: string;
  collectCoverage: boolean;
  coverageProvider: 'babel' | 'v8';
  collectCoverageFrom: string[];
  [key: string]: unknown;
}

export interface TestContext {
  config: ProjectConfig;
  [key: string]: unknown;
}

export interface JestTest {
  path: string;
  context: TestContext;
  duration?: number;
}

export interface RunnerContext {
  changedFiles?: Set<string>;
  sourcesRelatedToTestsInChangedFiles?: Set<string>;
  [key: string]: unknown;
}

export interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
  duration?: number | null;
}

export interface JestTestResult {
  testFilePath: string;
  numFailingTests: number;
  testExecError?: { message: string } | null;
  failureMessage?: string | null;
  testResults: AssertionResult[];
  coverage?: Record<string, unknown>;
  perfStats?: { runtime?: number; start?: number; end?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface TestWatcher {
  isInterrupted(): boolean;
}
