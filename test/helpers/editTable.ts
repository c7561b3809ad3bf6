import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FixtureProject, JestJsonResult } from './fixtureProject';

/** One change to a fixture project, applied in order. Paths are relative to the fixture's directory. */
export type Edit = (project: FixtureProject) => void;

/** Replaces the one occurrence of `from` in `file` (an edit that does not match exactly once is a bug). */
export function replace(file: string, from: string, to: string): Edit {
  return (project) => {
    const text = project.read(file);
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`Expected exactly one ${JSON.stringify(from)} in ${file}.`);
    project.write(file, text.slice(0, at) + to + text.slice(at + from.length));
  };
}

export function insertBefore(file: string, anchor: string, text: string): Edit {
  return replace(file, anchor, text + anchor);
}

export function insertAfter(file: string, anchor: string, text: string): Edit {
  return replace(file, anchor, anchor + text);
}

export function create(file: string, content: string): Edit {
  return (project) => {
    if (fs.existsSync(project.file(file))) throw new Error(`${file} exists already.`);
    project.write(file, content);
  };
}

export function remove(file: string): Edit {
  return (project) => fs.rmSync(project.file(file));
}

export function rename(from: string, to: string): Edit {
  return (project) => fs.renameSync(project.file(from), project.file(to));
}

/** A test file that ran and failed before any test: Jest reports it with no test results. */
export function failedToRun(file: string): string {
  return `${file} › (the test file failed to run)`;
}

/**
 * The tests a run executed (those that passed or failed, by default) as `test/file.test.js › describe ›
 * title`, paths relative to `rootDir` (a folder of the project). Tests of files the runner skipped are
 * `pending` in skipped suites, tests it filtered out of a running file are `pending`; a test file that
 * failed before any test (a syntax error, a missing module, a killed worker) counts as one entry.
 */
export function testsThatRan(project: FixtureProject, json: JestJsonResult, statuses: string[] = ['passed', 'failed'], rootDir = '.'): string[] {
  const names: string[] = [];
  for (const file of json.testResults) {
    const testPath = path.relative(project.file(rootDir), file.name).split(path.sep).join('/');
    if (file.assertionResults.length === 0 && file.status === 'failed') names.push(failedToRun(testPath));
    for (const result of file.assertionResults) {
      if (statuses.includes(result.status)) names.push([testPath, ...result.ancestorTitles, result.title].join(' › '));
    }
  }
  return names.sort();
}

export function sorted(names: string[]): string[] {
  return [...names].sort();
}

/** The `Impact:` summary line of a run's stderr. */
export function summaryLine(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('Impact:'));
}

/** The `Impact verify:` block of the runner's output. */
export function verifyBlock(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Impact verify:'));
  if (start < 0) return [];
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    block.push(line);
  }
  return block;
}
