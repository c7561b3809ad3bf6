import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ImpactOptions } from '../config/optionTable';
import { plural } from '../runner/output';
import type { ImpactStore } from '../store/ImpactStore';
import { reportFiles, writeReport } from '../report/reportFiles';
import { buildReportModel } from '../report/reportModel';

export interface WrittenReport {
  directory: string;
  sources: number;
  testFiles: number;
  tests: number;
  ms: number;
}

/** `jest-impact report`: writes the static report of the store into `directory`. */
export function writeStoreReport(store: ImpactStore, rootDir: string, options: ImpactOptions, packageVersion: string, directory: string): WrittenReport {
  const start = performance.now();
  const model = buildReportModel(store, rootDir, options, packageVersion);
  writeReport(directory, reportFiles(model));
  return {
    directory,
    sources: model.index.sources.length,
    testFiles: model.index.testFiles.length,
    tests: model.index.tests.length,
    ms: Math.round(performance.now() - start),
  };
}

export function formatWrittenReport(report: WrittenReport, cwd = process.cwd()): string {
  const relative = path.relative(cwd, report.directory);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? report.directory : relative || '.';
  return `Wrote the impact report of ${plural(report.sources, 'source file')} and ${plural(report.testFiles, 'test file')} (${plural(report.tests, 'test')}) to ${shown} in ${(report.ms / 1000).toFixed(1)} s: open ${pathToFileURL(path.join(report.directory, 'index.html')).href}`;
}

/** Opens the report in the user's browser. */
export async function openReport(directory: string): Promise<void> {
  const { default: open } = await import('open');
  await open(path.join(directory, 'index.html'));
}
