import * as path from 'node:path';
import { UsageError } from '../errors';
import { relativePath } from '../runner/projectKeys';
import type { ImpactStore, LineOwners, TestRef } from '../store/ImpactStore';
import { TITLE_SEPARATOR } from '../worker/testIds';

export interface WhyTarget {
  /** Source path relative to rootDir, "/" separated. */
  file: string;
  lines?: { from: number; to: number };
}

/** Parses FILE[:LINE[-LINE]] relative to the current directory into a rootDir-relative target. */
export function parseWhyTarget(argument: string, rootDir: string, cwd = process.cwd()): WhyTarget {
  const match = /^(.*?)(?::(\d+)(?:-(\d+))?)?$/.exec(argument);
  const file = match?.[1] ?? '';
  if (!file) throw new UsageError(`Expected FILE[:LINE[-LINE]], got "${argument}".`, 'Example: jest-impact why src/tax.js:10-12');
  const from = match?.[2] === undefined ? undefined : Number(match[2]);
  const to = match?.[3] === undefined ? from : Number(match[3]);
  if (from !== undefined && (from < 1 || to! < from)) {
    throw new UsageError(`Expected a line range with 1 <= first <= last, got "${argument}".`, 'Example: jest-impact why src/tax.js:10-12');
  }
  return { file: relativePath(rootDir, path.resolve(cwd, file)), ...(from !== undefined ? { lines: { from, to: to! } } : {}) };
}

export function formatTest(ref: TestRef): string {
  const project = ref.project === '.' ? '' : `[${ref.project}] `;
  return `${project}${ref.testPath}${TITLE_SEPARATOR}${ref.testId}`;
}

/** Every test that depends on a line: those that executed it, and all tests of files that ran it at load. */
export function testsOfLine(store: ImpactStore, owners: LineOwners): string[] {
  const tests = new Set(owners.tests.map(formatTest));
  for (const loaded of owners.loadedBy) {
    const record = store.testFile(loaded.project, loaded.testPath);
    for (const test of record?.tests ?? []) tests.add(formatTest({ project: loaded.project, testPath: loaded.testPath, testId: test.id }));
  }
  return [...tests].sort();
}

export interface WhyAnswer {
  file: string;
  lines: Array<{ line: number; tests: string[] }>;
}

export function answerWhy(store: ImpactStore, target: WhyTarget): WhyAnswer {
  const owners = store.ownersOf(target.file, target.lines);
  const lines = [...owners.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, lineOwners]) => ({ line, tests: testsOfLine(store, lineOwners) }))
    .filter((entry) => entry.tests.length > 0);
  return { file: target.file, lines };
}

/** One test per line for a single line; grouped under FILE:LINE headers for a file or range. */
export function formatWhy(answer: WhyAnswer, target: WhyTarget): string {
  if (target.lines && target.lines.from === target.lines.to) {
    return answer.lines.flatMap((entry) => entry.tests).join('\n');
  }
  return answer.lines.map((entry) => [`${answer.file}:${entry.line}`, ...entry.tests.map((test) => `  ${test}`)].join('\n')).join('\n');
}
