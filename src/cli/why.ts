import * as path from 'node:path';
import { UsageError } from '../errors';
import { relativePath } from '../runner/projectKeys';
import { parseInputKey, type InputKind } from '../changes/inputKeys';
import type { ImpactStore } from '../store/ImpactStore';
import { ownersOf, type LineOwners } from './lineOwners';
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

export function formatTest(ref: { project: string; testPath: string; testId: string }): string {
  const project = ref.project === '.' ? '' : `[${ref.project}] `;
  return `${project}${ref.testPath}${TITLE_SEPARATOR}${ref.testId}`;
}

/** Every test that depends on a line (those that executed it, all tests of files that ran it at load), and which of them ran it in a child process. */
export function testsOfLine(store: ImpactStore, owners: LineOwners): { tests: string[]; childTests: string[] } {
  const tests = new Set<string>();
  const childTests = new Set<string>();
  for (const owner of owners.tests) {
    tests.add(formatTest(owner));
    if (owner.child) childTests.add(formatTest(owner));
  }
  for (const loaded of owners.loadedBy) {
    const record = store.testFile(loaded.project, loaded.testPath);
    for (const test of record?.tests ?? []) {
      const name = formatTest({ project: loaded.project, testPath: loaded.testPath, testId: test.id });
      tests.add(name);
      if (loaded.child) childTests.add(name);
    }
  }
  return { tests: [...tests].sort(), childTests: [...childTests].sort() };
}

export type InputUse = 'read' | 'checked' | 'listed';

export interface WhyAnswer {
  file: string;
  lines: Array<{ line: number; tests: string[]; childTests?: string[] }>;
  /** For a file that is not instrumented: the tests that loaded or read it, checked whether it exists, or listed it (a folder). */
  dependents?: Array<{ use: InputUse; tests: string[] }>;
}

const USES: Record<InputKind, InputUse> = { content: 'read', exists: 'checked', listing: 'listed' };

/** The tests that depend on a non-instrumented file or folder (DESIGN.md §4 rule 8), by how they used it. */
function dependentsOf(store: ImpactStore, file: string): WhyAnswer['dependents'] {
  const byUse = new Map<InputUse, Set<string>>();
  for (const { project, testPath, record } of store.testFiles()) {
    for (const [key, , ...indexes] of record.dependencies) {
      const input = parseInputKey(key);
      if (input.file !== file) continue;
      const tests = indexes.length > 0 ? indexes.map((index) => record.tests[index]).filter((test) => test !== undefined) : record.tests;
      let names = byUse.get(USES[input.kind]);
      if (!names) byUse.set(USES[input.kind], (names = new Set()));
      for (const test of tests) names.add(formatTest({ project, testPath, testId: test.id }));
    }
  }
  return [...byUse].map(([use, names]) => ({ use, tests: [...names].sort() }));
}

export function answerWhy(store: ImpactStore, target: WhyTarget): WhyAnswer {
  const owners = ownersOf(store, target.file, target.lines);
  const lines = [...owners.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, lineOwners]) => {
      const { tests, childTests } = testsOfLine(store, lineOwners);
      return { line, tests, ...(childTests.length > 0 ? { childTests } : {}) };
    })
    .filter((entry) => entry.tests.length > 0);
  if (lines.length > 0 || target.lines) return { file: target.file, lines };
  const dependents = dependentsOf(store, target.file);
  return { file: target.file, lines, ...(dependents && dependents.length > 0 ? { dependents } : {}) };
}

/** Whether the answer names any test. */
export function whyFoundTests(answer: WhyAnswer): boolean {
  return answer.lines.length > 0 || (answer.dependents?.length ?? 0) > 0;
}

/**
 * One test per line for a single line (a test that ran it in a child process as `FILE:LINE executed in
 * a child process by TEST`); grouped under FILE:LINE headers for a file or range; for a file that is not
 * instrumented, `FILE read by TEST` (or `checked by`, or `FOLDER/ listed by`).
 */
export function formatWhy(answer: WhyAnswer, target: WhyTarget): string {
  if (answer.dependents) {
    return answer.dependents
      .flatMap(({ use, tests }) => tests.map((test) => `${answer.file}${use === 'listed' ? '/' : ''} ${use} by ${test}`))
      .join('\n');
  }
  const childOf = (entry: WhyAnswer['lines'][number]) => new Set(entry.childTests ?? []);
  if (target.lines && target.lines.from === target.lines.to) {
    return answer.lines
      .flatMap((entry) => entry.tests.map((test) => (childOf(entry).has(test) ? `${answer.file}:${entry.line} executed in a child process by ${test}` : test)))
      .join('\n');
  }
  return answer.lines
    .map((entry) => [`${answer.file}:${entry.line}`, ...entry.tests.map((test) => `  ${test}${childOf(entry).has(test) ? ' (in a child process)' : ''}`)].join('\n'))
    .join('\n');
}
