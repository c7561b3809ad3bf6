import * as path from 'node:path';
import { plural } from '../runner/output';
import type { ImpactStore } from '../store/ImpactStore';
import { storeStatistics } from '../store/storeStatistics';

export interface StatusReport {
  store: string;
  schema: number;
  packageVersion: string;
  jestVersion: string;
  nodeMajor: number;
  testFiles: number;
  tests: number;
  erroredTestFiles: number;
  sources: number;
  /** Distinct source lines some recorded test executed. */
  coveredLines: number;
  bytesOnDisk: number;
  lastRun: {
    finishedAt: string;
    testFiles: number;
    tests: number;
    mode: string;
    storeWriteMs: number;
    planMs: number | null;
    parentMaxRssKb: number | null;
  } | null;
}

export function statusOf(store: ImpactStore): StatusReport {
  const meta = store.meta();
  const stats = storeStatistics(store);
  let erroredTestFiles = 0;
  for (const { record } of store.testFiles()) if (record.status === 'errored') erroredTestFiles++;
  return {
    store: store.directory,
    schema: meta.schema,
    packageVersion: meta.packageVersion,
    jestVersion: meta.jestVersion,
    nodeMajor: meta.nodeMajor,
    testFiles: stats.testFiles,
    tests: stats.tests,
    erroredTestFiles,
    sources: stats.sources,
    coveredLines: stats.coveredLines,
    bytesOnDisk: stats.bytesOnDisk,
    lastRun: meta.lastRun
      ? {
          finishedAt: new Date(meta.lastRun.finishedAt).toISOString(),
          testFiles: meta.lastRun.testFiles,
          tests: meta.lastRun.tests,
          mode: meta.lastRun.mode,
          storeWriteMs: meta.lastRun.storeWriteMs,
          planMs: meta.lastRun.planMs ?? null,
          parentMaxRssKb: meta.lastRun.parentMaxRssKb ?? null,
        }
      : null,
  };
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

export function formatStatus(report: StatusReport, cwd = process.cwd()): string {
  const rows: Array<[string, string]> = [
    ['Store', path.relative(cwd, report.store) || '.'],
    ['Schema', `${report.schema} (written by jest-runner-impact ${report.packageVersion})`],
    ['Jest', `${report.jestVersion} on Node ${report.nodeMajor}`],
    ['Test files', `${report.testFiles} (${plural(report.tests, 'test')}, ${plural(report.erroredTestFiles, 'errored file')})`],
    ['Sources', `${report.sources} (${plural(report.coveredLines, 'line')} executed by recorded tests)`],
    ['Size on disk', kilobytes(report.bytesOnDisk)],
    [
      'Last run',
      report.lastRun
        ? `${report.lastRun.finishedAt}: ${plural(report.lastRun.testFiles, 'test file')}, ${plural(report.lastRun.tests, 'test')} recorded (${report.lastRun.planMs ?? '?'} ms planning, ${report.lastRun.storeWriteMs} ms writing the store)`
        : 'never',
    ],
  ];
  return rows.map(([name, value]) => `${`${name}:`.padEnd(14)}${value}`).join('\n');
}
