import { createHash } from 'node:crypto';
import type { ImpactOptions } from '../config/optionTable';
import { SCHEMA_VERSION, type StoreMeta } from '../store/schema';
import { hashFullRunOnFiles } from './fullRunOn';
import type { JestTest } from './jestTypes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACKAGE_VERSION = (require('../../package.json') as { version: string }).version;

/** Hash of what shapes the records: the project configs (mode, granularity and store do not). */
export function configHash(rootDir: string, tests: JestTest[]): string {
  // The config id hashes the rootDir path and cwd is where Jest started: leave both out, so that a store
  // moved with its project still reads.
  const configs = [...new Map(tests.map((test) => [test.context.config.id, { ...test.context.config, id: undefined, cwd: undefined }])).values()];
  const text = JSON.stringify({ configs });
  return createHash('sha1').update(text.split(rootDir).join('<rootDir>')).digest('hex');
}

/** The meta a store must have for its records to stand for this run (DESIGN.md §4 rule 1). */
export function expectedMetaOf(rootDir: string, tests: JestTest[], jestVersion: string, options: ImpactOptions): Omit<StoreMeta, 'lastRun'> {
  return {
    schema: SCHEMA_VERSION,
    packageVersion: PACKAGE_VERSION,
    jestVersion,
    nodeMajor: Number.parseInt(process.versions.node, 10),
    configHash: configHash(rootDir, tests),
    fullRunOn: hashFullRunOnFiles(rootDir, options.fullRunOn),
  };
}
