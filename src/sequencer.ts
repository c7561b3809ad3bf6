/**
 * `testSequencer: 'jest-runner-impact/sequencer'`: selects before Jest shards (Jest applies the
 * sequencer's `shard()` before any runner sees a test), so that `jest --shard=i/n` splits the impacted
 * test files, balanced by their recorded duration, and deals the skipped ones out evenly. Every shard
 * reads the same store and computes the same selection; each shard's runner then runs its impacted
 * files and reports its skipped ones. Without a usable store, or in a mode that runs everything, it
 * shards as Jest's default sequencer does. Sorting, failed-test caching and timings are the default
 * sequencer's.
 */
import { detectChanges } from './changes/detectChanges';
import { loadOptions } from './config/loadOptions';
import { checkJestVersion, loadDefaultSequencer, locateJestRunner, readJestVersion, type TestSequencerInstance } from './jest/resolveJest';
import { expectedMetaOf } from './runner/expectedMeta';
import { globsToMatcher } from './runner/globs';
import type { GlobalConfig, JestTest } from './runner/jestTypes';
import { fullRunReason } from './runner/planRun';
import { projectKeys, relativePath } from './runner/projectKeys';
import { fileKeyOf, selectTests } from './select/selectTests';
import { shardTests } from './select/shardTests';
import { ImpactStore } from './store/ImpactStore';

interface ShardOptions {
  shardIndex: number;
  shardCount: number;
}

/** The selection as the shards need it, or undefined when every test runs (or nothing can be known). */
async function selectionForShards(rootDir: string, tests: JestTest[]): Promise<Map<JestTest, { selected: boolean; durationMs: number; key: string }> | undefined> {
  const { options } = await loadOptions(rootDir, undefined);
  if (options.mode !== 'only' && options.mode !== 'first') return undefined;
  const jestVersion = readJestVersion(locateJestRunner(rootDir));
  checkJestVersion(jestVersion);
  const store = ImpactStore.openForReading(options.store);
  try {
    const expected = expectedMetaOf(rootDir, tests, jestVersion, options);
    if (fullRunReason({ kind: 'opened', previous: store.meta() }, expected)) return undefined;
    const keys = projectKeys(rootDir, tests.map((test) => test.context.config));
    const candidates = tests.map((test) => ({ test, project: keys.get(test.context.config.id) ?? '.', testPath: relativePath(rootDir, test.path) }));
    const selection = selectTests(store, detectChanges(store, rootDir), candidates, { granularity: options.granularity, alwaysRun: globsToMatcher(options.alwaysRun) });
    const facts = new Map<JestTest, { selected: boolean; durationMs: number; key: string }>();
    for (const { test, project, testPath } of candidates) {
      const key = fileKeyOf(project, testPath);
      // In mode first every file runs: balance them all by duration, impacted or not.
      const selected = options.mode === 'first' || selection.files.has(key);
      facts.set(test, { selected, durationMs: store.testFileHead(project, testPath)?.durationMs ?? 0, key });
    }
    return facts;
  } finally {
    store.close();
  }
}

class ImpactSequencer {
  private readonly defaultSequencer: TestSequencerInstance;
  private readonly rootDir: string;

  /** Jest 30 passes `{ contexts, globalConfig }`; Jest 29 passes nothing. */
  constructor(options?: { globalConfig?: GlobalConfig }) {
    this.rootDir = options?.globalConfig?.rootDir ?? process.cwd();
    const DefaultSequencer = loadDefaultSequencer(this.rootDir);
    this.defaultSequencer = new DefaultSequencer(options);
  }

  async shard(tests: JestTest[], options: ShardOptions): Promise<JestTest[]> {
    let facts: Awaited<ReturnType<typeof selectionForShards>>;
    try {
      facts = await selectionForShards(this.rootDir, tests);
    } catch {
      // No store yet, another schema, an unsupported Jest, a bad option: the runner says why; shard as Jest does.
      facts = undefined;
    }
    if (!facts) return (await this.defaultSequencer.shard(tests, options)) as JestTest[];
    return shardTests(
      tests.map((test) => ({ item: test, ...facts.get(test)! })),
      options.shardIndex,
      options.shardCount,
    );
  }

  sort(tests: JestTest[]): JestTest[] | Promise<JestTest[]> {
    return this.defaultSequencer.sort(tests) as JestTest[] | Promise<JestTest[]>;
  }

  allFailedTests(tests: JestTest[]): JestTest[] | Promise<JestTest[]> {
    return this.defaultSequencer.allFailedTests(tests) as JestTest[] | Promise<JestTest[]>;
  }

  cacheResults(tests: JestTest[], results: unknown): void {
    this.defaultSequencer.cacheResults(tests, results);
  }
}

export = ImpactSequencer;
