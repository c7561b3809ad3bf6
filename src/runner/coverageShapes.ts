/**
 * The current istanbul shape of sources a run rebases, so that recorded counters can follow them
 * (coverage/remapCounters.ts). A source is instrumented the way Jest instruments it for coverage: the
 * project's ScriptTransformer with `instrument: true` (as @jest/reporters' generateEmptyCoverage does
 * for files no test loaded), and istanbul-lib-instrument reads the coverage data out of the code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shapeOf, type FileCoverageData } from '../coverage/fileCoverage';
import type { JestInstall, ScriptTransformer } from '../jest/resolveJest';
import type { CoverageShapeRecord } from '../store/coverageRecords';
import type { ImpactStore, SourceRebase } from '../store/ImpactStore';

/** How Jest's runtime transforms a module it requires (jest-runtime's CJS require path). */
const REQUIRE_OPTIONS = { instrument: true, supportsDynamicImport: true, supportsExportNamespaceFrom: false, supportsStaticESM: false, supportsTopLevelAwait: false };

/**
 * Per rebased source that has recorded coverage: its current shape, or undefined when it cannot be
 * instrumented (the counters are then dropped, and the files that had them run with coverage next).
 */
export async function currentCoverageShapes(
  jest: JestInstall,
  store: ImpactStore,
  rebases: SourceRebase[],
  rootDir: string,
  projectConfig: unknown,
): Promise<Map<string, CoverageShapeRecord | undefined>> {
  const shapes = new Map<string, CoverageShapeRecord | undefined>();
  const withCoverage = rebases.filter(({ source }) => store.coverage.shape(source));
  if (withCoverage.length === 0) return shapes;
  let transformer: ScriptTransformer | undefined;
  try {
    transformer = await jest.createScriptTransformer(projectConfig);
  } catch {
    transformer = undefined;
  }
  for (const { source } of withCoverage) {
    shapes.set(source, transformer ? shapeOfFile(transformer, path.join(rootDir, source)) : undefined);
  }
  return shapes;
}

function shapeOfFile(transformer: ScriptTransformer, file: string): CoverageShapeRecord | undefined {
  try {
    const { code } = transformer.transformSource(file, fs.readFileSync(file, 'utf8'), REQUIRE_OPTIONS);
    // Loaded on first use: istanbul-lib-instrument (with Babel) is most of the runner's start-up time, and
    // most runs rebase no source with recorded coverage.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readInitialCoverage } = require('istanbul-lib-instrument') as typeof import('istanbul-lib-instrument');
    const initial = readInitialCoverage(code) as { hash?: string; coverageData?: FileCoverageData } | null;
    if (!initial?.coverageData || !initial.hash) return undefined;
    return { hash: initial.hash, shape: shapeOf(initial.coverageData) };
  } catch {
    return undefined;
  }
}
