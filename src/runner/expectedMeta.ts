import { createHash } from 'node:crypto';
import type { ImpactOptions } from '../config/optionTable';
import { SCHEMA_VERSION, type StoreMeta } from '../store/schema';
import { hashFullRunOnFiles } from './fullRunOn';
import type { JestTest } from './jestTypes';
import { projectKeys } from './projectKeys';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACKAGE_VERSION = (require('../../package.json') as { version: string }).version;

/**
 * Project config keys that do not shape the records. The config id hashes the rootDir path and cwd is
 * where Jest started: without them a store moved with its project still reads. `--coverage` sets
 * collectCoverage in every project config, and recording instruments whatever it and
 * collectCoverageFrom say: a run with coverage and one without read the same store. `--verbose`,
 * `--silent`, `--detectOpenHandles` and the slow-test threshold change what Jest prints, not what runs.
 */
const KEYS_OUTSIDE_THE_HASH = {
  id: undefined,
  // Jest 27's name for id (a hash of the rootDir path).
  name: undefined,
  cwd: undefined,
  collectCoverage: undefined,
  collectCoverageFrom: undefined,
  verbose: undefined,
  silent: undefined,
  detectOpenHandles: undefined,
  openHandlesTimeout: undefined,
  slowTestThreshold: undefined,
};

/** Per project of this run, a hash of what shapes its records: its config (mode, granularity and store do not). */
export function configHashes(rootDir: string, tests: JestTest[]): Record<string, string> {
  const configs = new Map(tests.map((test) => [test.context.config.id, test.context.config]));
  const keys = projectKeys(rootDir, [...configs.values()]);
  const hashes: Record<string, string> = {};
  for (const [id, config] of configs) {
    const text = JSON.stringify({ ...config, ...KEYS_OUTSIDE_THE_HASH });
    hashes[keys.get(id) ?? '.'] = createHash('sha1').update(text.split(rootDir).join('<rootDir>')).digest('hex');
  }
  return hashes;
}

/** Global config keys that change test outcomes; Jest 28 has them in the global config only. */
const GLOBAL_KEYS_IN_THE_HASH = ['testTimeout', 'maxConcurrency', 'snapshotFormat'];

export function globalConfigHash(globalConfig: Record<string, unknown>): string {
  const picked = Object.fromEntries(GLOBAL_KEYS_IN_THE_HASH.map((key) => [key, globalConfig[key] ?? null]));
  return createHash('sha1').update(JSON.stringify(picked)).digest('hex');
}

/** The meta a store must have for its records to stand for this run (DESIGN.md §4 rule 1). */
export function expectedMetaOf(
  rootDir: string,
  tests: JestTest[],
  jestVersion: string,
  options: ImpactOptions,
  globalConfig?: Record<string, unknown>,
): Omit<StoreMeta, 'lastRun'> {
  return {
    ...(globalConfig ? { globalConfigHash: globalConfigHash(globalConfig) } : {}),
    schema: SCHEMA_VERSION,
    packageVersion: PACKAGE_VERSION,
    jestVersion,
    nodeMajor: Number.parseInt(process.versions.node, 10),
    configHashes: configHashes(rootDir, tests),
    fullRunOn: hashFullRunOnFiles(rootDir, options.fullRunOn),
  };
}
