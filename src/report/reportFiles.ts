import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';
import type { ReportModel } from './reportModel';

/** The page's own files, shipped with the package beside build/. */
export const PAGE_DIRECTORY = path.join(__dirname, '..', '..', 'report-page');
const PAGE_FILES = ['index.html', 'report.js', 'report.css'];

/** Marks a folder as one `jest-impact report` wrote, so that writing it again may replace it. */
const MARKER = '.jest-impact-report';

/** A data document as a script: pages opened from file:// cannot fetch, but can load scripts. */
function dataScript(name: string, document: unknown): string {
  return `impactReport.receive(${JSON.stringify(name)}, ${JSON.stringify(document)});\n`;
}

/**
 * Every file of the report, by its path inside the report folder: the page, the index, and one data
 * script per source and per test file, which the page loads when it shows them.
 */
export function reportFiles(model: ReportModel, extraIndex: Record<string, unknown> = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of PAGE_FILES) files.set(name, fs.readFileSync(path.join(PAGE_DIRECTORY, name), 'utf8'));
  files.set('data/index.js', dataScript('index', { ...model.index, ...extraIndex }));
  model.sources.forEach((document, index) => files.set(`data/s/${index}.js`, dataScript(`s/${index}`, document)));
  model.testFiles.forEach((document, index) => files.set(`data/t/${index}.js`, dataScript(`t/${index}`, document)));
  return files;
}

/** Writes the report into `directory`, replacing an earlier report there; a folder with other content is left alone. */
export function writeReport(directory: string, files: Map<string, string>): void {
  const marker = path.join(directory, MARKER);
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(directory);
  } catch {
    // A folder that does not exist yet.
  }
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new UsageError(
      `Expected --out to name an empty folder or an earlier report, got ${directory}, which holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}).`,
      'Pass another --out folder; the report never overwrites files it did not write.',
    );
  }
  try {
    fs.rmSync(path.join(directory, 'data'), { recursive: true, force: true });
    fs.mkdirSync(path.join(directory, 'data', 's'), { recursive: true });
    fs.mkdirSync(path.join(directory, 'data', 't'), { recursive: true });
    fs.writeFileSync(marker, 'Written by `jest-impact report`; writing the report again replaces this folder\'s report files.\n');
    for (const [name, content] of files) fs.writeFileSync(path.join(directory, name), content);
  } catch (error) {
    throw new UsageError(`Expected a writable folder at ${directory}, got ${(error as Error).message}.`, 'Pass an --out folder this user can write to.');
  }
}
